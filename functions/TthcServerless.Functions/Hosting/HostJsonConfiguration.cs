using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// Loads <c>host.json</c> into configuration under <c>AzureFunctionsJobHost</c>, below every other source, so that
/// an app setting such as <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c> overrides it exactly as
/// it overrides the real host's copy.
/// </summary>
internal static class HostJsonConfiguration
{
    public const string Prefix = "AzureFunctionsJobHost";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    public static void AddHostJson(this IConfigurationBuilder configuration, string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
            Flatten(document.RootElement, Prefix, values);
        }

        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{path}:{property.Name}", values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}:{index.ToString(CultureInfo.InvariantCulture)}", values);
                    index++;
                }

                break;
            case JsonValueKind.String:
                values[path] = element.GetString();
                break;
            case JsonValueKind.Null:
                values[path] = null;
                break;
            default:
                values[path] = element.GetRawText();
                break;
        }
    }
}
