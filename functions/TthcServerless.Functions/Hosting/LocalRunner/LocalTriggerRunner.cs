using System.Globalization;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Hosting.LocalRunner;

/// <summary>
/// Standalone mode's stand-in for the Functions host: once the server listens, it fires every declared timer and
/// queue function through this app's own invocation endpoint, over HTTP, with the host's payloads and rules.
/// </summary>
internal sealed partial class LocalTriggerRunner(
    IServiceProvider services,
    FunctionCatalog catalog,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<QueueHostOptions> queueOptions,
    IConfiguration configuration,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<LocalTriggerRunner>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // No storage call and no invocation before the server listens.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()).ConfigureAwait(false))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        // Read here, not at start-up: test hosts and later configuration sources may still change it.
        if (string.Equals(configuration["Tthc:LocalRunner:Enabled"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var timers = catalog.Timers.Where(t => !IsDisabled(configuration, t.Name)).ToList();
        var queues = catalog.Queues.Where(q => !IsDisabled(configuration, q.Name)).ToList();
        if (timers.Count == 0 && queues.Count == 0)
        {
            return;
        }

        if (OwnAddress() is not { } address)
        {
            LogNoAddress(_logger);
            return;
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = FunctionTimeout() + TimeSpan.FromMinutes(1) };
        var invoker = new LocalInvocationClient(http);
        var listeners = new List<Task>();
        LogStarting(_logger, address, timers.Count, queues.Count);

        if (timers.Count > 0)
        {
            var monitor = services.GetRequiredService<TimerScheduleMonitor>();
            listeners.AddRange(timers.Select(timer =>
                new LocalTimerListener(timer, monitor, invoker, time, loggerFactory.CreateLogger<LocalTimerListener>()).RunAsync(stoppingToken)));
        }

        if (queues.Count > 0)
        {
            var queueService = services.GetRequiredService<QueueServiceClient>();
            var names = services.GetRequiredService<StorageNames>();
            listeners.AddRange(queues.Select(queue =>
                new LocalQueueListener(queue, queueService, names, queueOptions.Value, invoker, time, loggerFactory.CreateLogger<LocalQueueListener>(), MessageLease())
                    .RunAsync(stoppingToken)));
        }

        await Task.WhenAll(listeners).ConfigureAwait(false);
    }

    /// <summary>
    /// The host's own switch for one function, <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> (in an environment variable,
    /// <c>AzureWebJobs__&lt;Name&gt;__Disabled</c>): the runner leaves a disabled function's trigger alone, as the host
    /// does. <c>POST /admin/functions/{name}</c> still runs it on purpose.
    /// </summary>
    internal static bool IsDisabled(IConfiguration configuration, string functionName) =>
        bool.TryParse(configuration[$"AzureWebJobs.{functionName}.Disabled"] ?? configuration[$"AzureWebJobs:{functionName}:Disabled"], out var disabled)
        && disabled;

    /// <summary>The address this server actually listens on, with wildcard hosts replaced by loopback.</summary>
    private Uri? OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var raw in addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase)))
        {
            var normalized = raw.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
            if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Port > 0)
            {
                return uri;
            }
        }

        return null;
    }

    /// <summary><c>Tthc:LocalRunner:MessageLease</c>: shorter in tests that stop storage and must see messages come back soon.</summary>
    private TimeSpan? MessageLease() =>
        TimeSpan.TryParse(configuration["Tthc:LocalRunner:MessageLease"], CultureInfo.InvariantCulture, out var lease) && lease > TimeSpan.Zero ? lease : null;

    private TimeSpan FunctionTimeout() =>
        TimeSpan.TryParse(configuration["AzureFunctionsJobHost:functionTimeout"], CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : TimeSpan.FromMinutes(30);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local runner: invoking functions at {Address} ({TimerCount} timers, {QueueCount} queues)")]
    private static partial void LogStarting(ILogger logger, Uri address, int timerCount, int queueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local runner: the server exposes no HTTP address, so timers and queues will not fire")]
    private static partial void LogNoAddress(ILogger logger);
}
