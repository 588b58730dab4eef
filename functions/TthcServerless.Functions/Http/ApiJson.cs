using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Http;

/// <summary>
/// The API's JSON conventions: web defaults (camelCase), enums as strings, Vietnamese text unescaped, and a property
/// named twice in one object refused (<c>{"role":"superuser","role":"analyst"}</c>): a proxy or validator in front of the
/// API may read the first value while the last would win here, so neither is chosen.
/// </summary>
internal static class ApiJson
{
    /// <summary>For reading request bodies: an unknown property is an error, so a misspelt field is never ignored silently.</summary>
    public static readonly JsonSerializerOptions Strict = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    });

    public static readonly JsonSerializerOptions Default = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>For reading JSON documents by hand (<see cref="System.Text.Json.JsonDocument"/>): the same duplicate and depth rules.</summary>
    public static JsonDocumentOptions Document { get; } = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(WireName.Policy, allowIntegerValues: false));
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = 32;
        options.AllowDuplicateProperties = false;
        return options;
    }
}
