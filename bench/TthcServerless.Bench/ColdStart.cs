using System.Diagnostics;
using System.Net;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Bench;

/// <summary>
/// Cold start of the deployment package as the Functions host starts it (FUNCTIONS_CUSTOMHANDLER_PORT set): from
/// process start to the first answer to the readiness ping and to the first 200 from /api/health.
/// </summary>
internal static class ColdStart
{
    public static async Task<object> RunAsync(int runs, string? packageFolder)
    {
        var appFolder = packageFolder is null ? await BuildPackageAsync() : Path.Combine(Path.GetFullPath(packageFolder), "app");
        await using var azurite = await AzuriteProcess.StartInMemoryAsync();
        var ready = new List<double>();
        var healthy = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            await using var app = await PublishedApp.StartAsync(appFolder, new Dictionary<string, string> { ["AzureWebJobsStorage"] = azurite.ConnectionString });
            ready.Add(app.TimeToReady.TotalMilliseconds);
            while (true)
            {
                try
                {
                    using var response = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not yet.
                }

                await Task.Delay(10);
            }

            healthy.Add(stopwatch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"[bench] run {run + 1}: ready {ready[^1]:0} ms, healthy {healthy[^1]:0} ms");
        }

        return new
        {
            scenario = "cold-start",
            runs,
            package = appFolder,
            readinessPingMs = new { median = Median(ready), min = Math.Round(ready.Min()), max = Math.Round(ready.Max()) },
            firstHealthy200Ms = new { median = Median(healthy), min = Math.Round(healthy.Min()), max = Math.Round(healthy.Max()) },
            hostWindowMs = 30_000,
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return Math.Round(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, 0);
    }

    private static async Task<string> BuildPackageAsync()
    {
        var output = Path.Combine(RepositoryRoot.Path, "artifacts", "package");
        // The script's output goes to stderr: stdout carries only the JSON result.
        using var process = Process.Start(new ProcessStartInfo("bash", [RepositoryRoot.Combine("scripts", "package.sh"), output]) { UseShellExecute = false, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("bash did not start");
        var forward = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                await Console.Error.WriteLineAsync(line);
            }
        });
        await process.WaitForExitAsync();
        await forward;
        return process.ExitCode == 0 ? Path.Combine(output, "app") : throw new InvalidOperationException("scripts/package.sh failed");
    }
}
