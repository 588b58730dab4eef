using System.Text.Json.Nodes;
using NJsonSchema;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// Loads a SchemaStore schema copied under Schemas/. The function.json schema declares draft-04 but uses the later
/// <c>const</c> keyword (in sqlBinding); a strict draft-04 validator ignores it, so that alternative matches every
/// binding and every <c>oneOf</c> fails. Editors honour <c>const</c>; we do the same by rewriting it to the equivalent
/// one-value <c>enum</c>, which draft-04 knows.
/// </summary>
internal static class OfficialSchema
{
    public static async Task<JsonSchema> LoadAsync(string fileName)
    {
        var node = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", fileName)))
            ?? throw new InvalidOperationException($"Schema {fileName} is empty.");
        RewriteConst(node);
        return await JsonSchema.FromJsonAsync(node.ToJsonString());
    }

    private static void RewriteConst(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["const"] is { } constant)
                {
                    obj.Remove("const");
                    obj["enum"] = new JsonArray(constant.DeepClone());
                }

                foreach (var (_, child) in obj.ToList())
                {
                    RewriteConst(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteConst(child);
                }

                break;
        }
    }
}
