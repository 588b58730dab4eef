using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// <c>infra/main.bicep</c> compiled to ARM JSON once per test run, by the Bicep compiler restored from NuGet
/// (<c>infra/tools/bicep.proj</c>). scripts/test.sh exports its path as <c>TTHC_BICEP</c>; otherwise the fixture restores
/// it. Resources of nested deployments (the Bicep modules) are flattened into one list.
/// </summary>
public sealed partial class InfrastructureTemplate
{
    private static readonly Lazy<Task<InfrastructureTemplate>> Built = new(BuildAsync);

    private InfrastructureTemplate(string json, string diagnostics)
    {
        Json = json;
        Diagnostics = diagnostics;
        using var document = JsonDocument.Parse(json);
        Root = document.RootElement.Clone();
        Resources = Flatten(Root).ToList();
    }

    /// <summary>The ARM template text.</summary>
    public string Json { get; }

    /// <summary>Everything the compiler printed: errors, warnings and linter findings. Empty when the build is clean.</summary>
    public string Diagnostics { get; }

    public JsonElement Root { get; }

    /// <summary>Every resource the deployment creates, from the main template and every module; no <c>existing</c> ones.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public static Task<InfrastructureTemplate> GetAsync() => Built.Value;

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of this type; fails the test when there is none or more than one.</summary>
    public ArmResource Resource(string type) => Assert.Single(OfType(type));

    private static async Task<InfrastructureTemplate> BuildAsync()
    {
        var bicep = await FindBicepAsync();
        var folder = Path.Combine(Path.GetTempPath(), "tthc-infra-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var output = Path.Combine(folder, "main.json");
            var build = await RunAsync(bicep, "build", RepositoryRoot.Combine("infra", "main.bicep"), "--outfile", output);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build failed ({build.ExitCode}):\n{build.Output}");
            }

            return new InfrastructureTemplate(await File.ReadAllTextAsync(output), build.Output.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> FindBicepAsync()
    {
        var exported = Environment.GetEnvironmentVariable("TTHC_BICEP");
        if (!string.IsNullOrEmpty(exported) && File.Exists(exported))
        {
            return exported;
        }

        var project = RepositoryRoot.Combine("infra", "tools", "bicep.proj");
        var restore = await RunAsync("dotnet", "restore", project, "--nologo", "-v", "quiet");
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"Restoring the Bicep compiler failed:\n{restore.Output}");
        }

        var path = await RunAsync("dotnet", "msbuild", project, "-getProperty:BicepPath", "-nologo");
        var bicep = path.Output.Trim();
        return File.Exists(bicep) ? bicep : throw new InvalidOperationException($"The Bicep compiler is not at '{bicep}'.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static IEnumerable<ArmResource> Flatten(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        // Templates with languageVersion 2.0 key their resources by symbolic name; older ones list them.
        var items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();
        foreach (var resource in items)
        {
            if (resource.TryGetProperty("existing", out var existing) && existing.GetBoolean())
            {
                continue;
            }

            var type = resource.GetProperty("type").GetString()!;
            if (string.Equals(type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }

                continue;
            }

            yield return new ArmResource(type, resource, template);
        }
    }
}

/// <summary>One resource of the compiled template, with the template that declares it (for its variables).</summary>
public sealed partial record ArmResource(string Type, JsonElement Body, JsonElement Template)
{
    /// <summary>The name as written in the template: a literal or an ARM expression.</summary>
    public string Name => Body.GetProperty("name").GetString()!;

    public JsonElement Properties => Body.GetProperty("properties");

    /// <summary>The deployment condition (<c>if (...)</c> in Bicep), or null when the resource is always deployed.</summary>
    public string? Condition => Body.TryGetProperty("condition", out var condition) ? condition.GetString() : null;

    /// <summary>
    /// The last segment of the name(s) this resource declaration creates, where the template says them literally:
    /// <c>format('{0}/{1}/{2}', ..., 'reports')</c> gives <c>reports</c>, <c>format(..., variables('name'))</c> the literal
    /// variable's value, and a copy loop over a literal array variable every element of it.
    /// </summary>
    public IReadOnlyList<string> LiteralNames()
    {
        var loop = CopyOverVariable().Match(Name);
        if (loop.Success)
        {
            return Variable(loop.Groups["variable"].Value).EnumerateArray().Select(e => e.GetString()!).ToList();
        }

        var variable = LastVariable().Match(Name);
        if (variable.Success)
        {
            return [Variable(variable.Groups["variable"].Value).GetString()!];
        }

        var literal = LastLiteral().Match(Name);
        return literal.Success ? [literal.Groups["name"].Value] : [];
    }

    private JsonElement Variable(string name) => Template.GetProperty("variables").GetProperty(name);

    [GeneratedRegex(@"variables\('(?<variable>\w+)'\)\[copyIndex\(\)\]\)\]$")]
    private static partial Regex CopyOverVariable();

    [GeneratedRegex(@", variables\('(?<variable>\w+)'\)\)\]$")]
    private static partial Regex LastVariable();

    [GeneratedRegex(@"'(?<name>[^']*)'\)\]$")]
    private static partial Regex LastLiteral();
}
