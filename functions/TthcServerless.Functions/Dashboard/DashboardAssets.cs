using System.Collections.Frozen;
using System.Reflection;

namespace TthcServerless.Functions.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in the assembly by the build (the page, its script and style, and the ECharts
/// copy from node_modules), read once and served from memory: nothing to deploy beside the app, nothing fetched from a CDN.
/// </summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var path = name[Prefix.Length..];
            if (ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
            {
                assets[path] = new DashboardAsset(path, contentType, Read(assembly, name));
            }
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public DashboardAsset Page => _assets["index.html"];

    /// <summary>A file by its path under the assets folder (<c>dashboard.js</c>, <c>vendor/echarts.min.js</c>); the page itself is not an asset.</summary>
    public DashboardAsset? Find(string path) =>
        path != "index.html" && _assets.TryGetValue(path, out var asset) ? asset : null;

    public IEnumerable<string> Paths => _assets.Keys;

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded dashboard file {name} cannot be read.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>One static file of the dashboard.</summary>
internal sealed record DashboardAsset(string Path, string ContentType, byte[] Content);
