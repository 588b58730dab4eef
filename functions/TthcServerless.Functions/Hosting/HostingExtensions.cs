using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Hosting.LocalRunner;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Hosting;

internal static class HostingExtensions
{
    /// <summary>The standalone address when nothing else is configured: the port Core Tools uses, so docs and habits carry over.</summary>
    public const string DefaultStandaloneUrl = "http://localhost:7071";

    /// <summary>
    /// Wires the custom-handler contract: host.json as configuration, the listening address for the detected mode,
    /// the declared functions and their handlers, and (standalone only) the local trigger runner.
    /// </summary>
    public static HostingProfile AddFunctionsHosting(this WebApplicationBuilder builder, IEnumerable<FunctionDefinition> functions)
    {
        builder.Configuration.AddHostJson(HostJsonConfiguration.DefaultPath);
        var profile = HostingProfile.Detect(builder.Configuration);
        builder.Services.AddSingleton(profile);

        if (profile.Mode == HostingMode.CustomHandler)
        {
            // The host connects to 127.0.0.1:{port}. The process inherits the host's whole environment, so an
            // ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS from elsewhere must not decide where we listen.
            builder.WebHost.UseUrls($"http://127.0.0.1:{profile.CustomHandlerPort}");
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Under the host, stdout lines become Information logs and stderr lines Errors (docs/hosting.md H3).
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Warning);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.UseUtcTimestamp = true;
        });

        builder.Services.AddOptions<QueueHostOptions>()
            .BindConfiguration(QueueHostOptions.SectionName)
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new QueueMessageFormat(sp.GetRequiredService<IOptions<QueueHostOptions>>().Value.UsesBase64));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddFunctions(functions);

        if (profile.Mode == HostingMode.Standalone)
        {
            builder.Services.AddSingleton<TimerScheduleMonitor>();
            builder.Services.AddHostedService<LocalTriggerRunner>();
        }

        return profile;
    }

    /// <summary>Declares functions and registers each handler under its function name.</summary>
    public static IServiceCollection AddFunctions(this IServiceCollection services, IEnumerable<FunctionDefinition> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            services.AddSingleton(function);
            switch (function)
            {
                case TimerFunctionDefinition timer:
                    services.AddKeyedScoped(typeof(ITimerFunction), timer.Name, timer.HandlerType);
                    break;
                case QueueFunctionDefinition queue:
                    services.AddKeyedScoped(typeof(IQueueFunction), queue.Name, queue.HandlerType);
                    break;
            }
        }

        services.TryAddSingleton(sp => new FunctionCatalog(sp.GetServices<FunctionDefinition>()));
        return services;
    }
}
