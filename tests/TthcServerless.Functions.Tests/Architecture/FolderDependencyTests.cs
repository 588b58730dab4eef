using System.Text.RegularExpressions;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Architecture;

/// <summary>
/// Folder dependencies of the app project run one way (docs/architecture.md, "Folder dependencies"): a folder uses only
/// folders of a lower layer. A folder not listed is a feature of the top layer: it may use every layer below and nothing
/// below may use it.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Storage"] = 0,
        ["Http"] = 1,
        ["Auth"] = 2,
        ["Hosting"] = 3,
        ["Agencies"] = 3,
        ["WorkingDays"] = 3,
        ["Health"] = 4,
        ["Plans"] = 4,
        ["Updates"] = 5,
        ["Feedback"] = 5,
        ["Reports"] = 6,
        ["Reminders"] = 6,
        ["Webhooks"] = 7,
        ["Inbox"] = 7,
    };

    private const int FeatureLayer = 8;

    [Fact]
    public void Every_folder_uses_only_folders_of_a_lower_layer()
    {
        var app = RepositoryRoot.Combine("functions", "TthcServerless.Functions");
        var folders = Directory.GetDirectories(app).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj" or "FunctionMetadata" or "Properties")).ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(app, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (var used in FolderReference().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
                {
                    if (used != folder && folders.Contains(used) && LayerOf(used) >= LayerOf(folder))
                    {
                        violations.Add($"{Path.GetRelativePath(app, file)} ({folder}, layer {LayerOf(folder)}) uses {used} (layer {LayerOf(used)})");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Superset(Layers.Keys.ToHashSet(StringComparer.Ordinal), folders.Where(f => LayerOf(f) < FeatureLayer).ToHashSet(StringComparer.Ordinal));
    }

    private static int LayerOf(string folder) => Layers.GetValueOrDefault(folder, FeatureLayer);

    // A using directive or a qualified name of another folder's namespace.
    [GeneratedRegex(@"\bTthcServerless\.Functions\.(\w+)")]
    private static partial Regex FolderReference();
}
