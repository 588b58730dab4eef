using System.Diagnostics;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// The deployment package built once per test run by <c>scripts/package.sh</c> — the same script operators use — into
/// a temporary folder removed when the run ends.
/// </summary>
public sealed class DeploymentPackage
{
    private static readonly Lazy<Task<DeploymentPackage>> Built = new(BuildAsync);

    private DeploymentPackage(string root) => Root = root;

    public string Root { get; }

    /// <summary>The staged folder: what the zip contains.</summary>
    public string AppFolder => Path.Combine(Root, "app");

    public string ZipPath => Path.Combine(Root, "tthc-functions.zip");

    public static Task<DeploymentPackage> GetAsync() => Built.Value;

    private static async Task<DeploymentPackage> BuildAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "tthc-package-" + Guid.NewGuid().ToString("N")[..8]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: it is a temp folder.
            }
        };

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(RepositoryRoot.Combine("scripts", "package.sh"));
        start.ArgumentList.Add(root);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/package.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return new DeploymentPackage(root);
    }
}
