using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// The packaged app started exactly as the Functions host starts it: the executable and working directory from
/// host.json's <c>customHandler.description</c>, a random <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, and the host's
/// environment (which may carry ASP.NET Core URL settings meant for someone else).
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
    private readonly Process _process;

    private PublishedApp(Process process, int port, TimeSpan startup)
    {
        _process = process;
        Port = port;
        TimeToReady = startup;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary>From process start to the first answer to the host's readiness ping (<c>GET /</c>).</summary>
    public TimeSpan TimeToReady { get; }

    public HttpClient Client { get; }

    public static async Task<PublishedApp> StartAsync(string appFolder, IReadOnlyDictionary<string, string> environment)
    {
        using var hostJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(appFolder, "host.json")));
        var description = hostJson.RootElement.GetProperty("customHandler").GetProperty("description");
        var executable = Path.Combine(appFolder, description.GetProperty("defaultExecutablePath").GetString()!);
        var workingDirectory = Path.Combine(appFolder, description.TryGetProperty("workingDirectory", out var wd) ? wd.GetString() ?? "" : "");

        var port = FreeTcpPort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (description.TryGetProperty("arguments", out var arguments))
        {
            foreach (var argument in arguments.EnumerateArray())
            {
                start.ArgumentList.Add(argument.GetString()!.Replace("%FUNCTIONS_CUSTOMHANDLER_PORT%", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_HTTPWORKER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = appFolder;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        // The host pings GET / every 25 ms and gives up after 30 s; any HTTP answer counts.
        using var ping = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                using var response = await ping.GetAsync(new Uri("/", UriKind.Relative));
                break;
            }
            catch (HttpRequestException) when (stopwatch.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(25);
            }
            catch (HttpRequestException ex)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"The published app did not answer GET / within the host's 30 s window (exited: {process.HasExited}).", ex);
            }
        }

        return new PublishedApp(process, port, stopwatch.Elapsed);
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
