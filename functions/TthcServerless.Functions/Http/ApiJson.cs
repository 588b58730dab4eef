using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Http;

/// <summary>The API's JSON conventions: web defaults (camelCase), enums as strings, Vietnamese text unescaped.</summary>
internal static class ApiJson
{
    /// <summary>For reading request bodies: an unknown property is an error, so a misspelt field is never ignored silently.</summary>
    public static readonly JsonSerializerOptions Strict = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    });

    public static readonly JsonSerializerOptions Default = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(WireName.Policy));
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = 32;
        return options;
    }
}
