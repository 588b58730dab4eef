using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// One Azurite process started from the repository's pinned npm package (scripts/test.sh runs <c>npm ci</c>):
/// loopback only, telemetry off, free ports chosen by the OS. In-memory by default; with a data folder it survives a
/// stop and a start on the same ports (used to prove nothing accepted is lost while storage is down).
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string? _dataFolder;
    private Process? _process;

    private AzuriteProcess(string? dataFolder) => _dataFolder = dataFolder;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartInMemoryAsync()
    {
        var azurite = new AzuriteProcess(null);
        await azurite.StartAsync().ConfigureAwait(false);
        return azurite;
    }

    public static async Task<AzuriteProcess> StartPersistentAsync(string dataFolder)
    {
        var azurite = new AzuriteProcess(dataFolder);
        await azurite.StartAsync().ConfigureAwait(false);
        return azurite;
    }

    /// <summary>Starts (again) on the same ports as before, or on free ports the first time.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        var script = RepositoryRoot.Combine("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run scripts/test.sh, which runs `npm ci` first.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        // Azurite reads AZURITE_ACCOUNTS; make sure an inherited value cannot change the well-known dev account.
        start.Environment.Remove("AZURITE_ACCOUNTS");

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var output = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (ports.Count < 3)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Azurite exited: {string.Join('\n', output)}\n{await process.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false)}");
                output.Add(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException)
        {
            await StopAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Azurite did not report its ports within 60 s: {string.Join('\n', output)}");
        }

        BlobPort = ports["Blob"];
        QueuePort = ports["Queue"];
        TablePort = ports["Table"];

        // Keep draining output so a chatty Azurite never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
    }

    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!process.HasExited)
        {
            // SIGTERM first: Azurite then saves its metadata store. A SIGKILL can lose queues and tables created in
            // the last few seconds, which no real storage account would.
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                if (term is not null)
                {
                    await term.WaitForExitAsync().ConfigureAwait(false);
                }
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>
    /// SIGKILL, as a crash or an out-of-memory kill would end it: Azurite gets no chance to save. What it acknowledged since
    /// its last save (every 5 s) is gone when it starts again on the same folder.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!process.HasExited)
        {
            process.Kill(); // SIGKILL on Linux
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
    }

    private IEnumerable<string> Arguments()
    {
        yield return "--disableTelemetry";
        yield return "--silent";
        // The SDKs speak newer service versions than any Azurite release knows; the REST surface we use is unchanged.
        yield return "--skipApiVersionCheck";
        foreach (var (service, port) in new[] { ("blob", BlobPort), ("queue", QueuePort), ("table", TablePort) })
        {
            yield return $"--{service}Host";
            yield return "127.0.0.1";
            yield return $"--{service}Port";
            yield return port.ToString(CultureInfo.InvariantCulture);
        }

        if (_dataFolder is null)
        {
            yield return "--inMemoryPersistence";
        }
        else
        {
            yield return "--location";
            yield return _dataFolder;
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
