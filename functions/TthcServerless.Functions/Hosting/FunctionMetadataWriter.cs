using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// Produces each function's <c>function.json</c> from its definition. The committed files under
/// <c>FunctionMetadata/</c> are this output (regenerate with <c>dotnet run --project functions/TthcServerless.Functions -- write-function-metadata functions/TthcServerless.Functions/FunctionMetadata</c>);
/// a test fails when they drift.
/// </summary>
public static class FunctionMetadataWriter
{
    public const string FileName = "function.json";

    /// <summary>The storage connection app-setting prefix used by every queue binding.</summary>
    public const string StorageConnectionName = "AzureWebJobsStorage";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, NewLine = "\n" };

    public static string ToJson(FunctionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ToNode(definition).ToJsonString(Indented) + "\n";
    }

    public static JsonObject ToNode(FunctionDefinition definition) => definition switch
    {
        HttpApiFunctionDefinition http => new JsonObject
        {
            ["bindings"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    // The API authenticates callers itself (X-Api-Key); host keys would lock out the public feedback form.
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray("get", "post", "put", "patch", "delete", "head", "options"),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
            },
        },
        TimerFunctionDefinition timer => WithRetry(
            new JsonObject
            {
                ["bindings"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["type"] = "timerTrigger",
                        ["direction"] = "in",
                        ["name"] = timer.BindingName,
                        ["schedule"] = timer.Schedule,
                        ["useMonitor"] = timer.UseMonitor,
                        ["runOnStartup"] = timer.RunOnStartup,
                    },
                },
            },
            timer.Retry),
        QueueFunctionDefinition queue => new JsonObject
        {
            ["bindings"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "queueTrigger",
                    ["direction"] = "in",
                    ["name"] = queue.BindingName,
                    ["queueName"] = queue.QueueName,
                    ["connection"] = StorageConnectionName,
                },
            },
        },
        _ => throw new NotSupportedException($"No function.json shape for {definition.GetType().Name}."),
    };

    /// <summary>Writes one folder per function and removes folders of functions no longer declared.</summary>
    public static void WriteAll(IEnumerable<FunctionDefinition> definitions, string directory)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        Directory.CreateDirectory(directory);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            declared.Add(definition.Name);
            var folder = Path.Combine(directory, definition.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, FileName), ToJson(definition));
        }

        foreach (var folder in Directory.EnumerateDirectories(directory))
        {
            if (!declared.Contains(Path.GetFileName(folder)) && File.Exists(Path.Combine(folder, FileName)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static JsonObject WithRetry(JsonObject function, TimerRetry? retry)
    {
        if (retry is not null)
        {
            function["retry"] = new JsonObject
            {
                ["strategy"] = "fixedDelay",
                ["maxRetryCount"] = retry.MaxRetryCount,
                ["delayInterval"] = retry.DelayInterval.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
            };
        }

        return function;
    }
}
