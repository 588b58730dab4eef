using System.Globalization;
using TthcServerless.Domain.Progress;

namespace TthcServerless.Functions.Http;

/// <summary>
/// Query-string numbers and flags read by hand: bound by the framework, "pageSize=abc" would be a bare English 400 that
/// names no field; read here, it is the API's usual problem with the field and a Vietnamese message.
/// </summary>
internal static class QueryValues
{
    /// <summary>The query parameters read through this class, with their type for the OpenAPI document.</summary>
    public static IReadOnlyDictionary<string, Microsoft.OpenApi.JsonSchemaType> Documented { get; } = new Dictionary<string, Microsoft.OpenApi.JsonSchemaType>(StringComparer.Ordinal)
    {
        ["pageSize"] = Microsoft.OpenApi.JsonSchemaType.Integer,
        ["days"] = Microsoft.OpenApi.JsonSchemaType.Integer,
        ["overdue"] = Microsoft.OpenApi.JsonSchemaType.Boolean,
    };

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public static int? Int(string? text, string field, int min, int max, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(field, $"phải là số nguyên từ {min} đến {max}."));
        return null;
    }

    /// <summary><c>true</c> or <c>false</c>, or null when absent.</summary>
    public static bool? Bool(string? text, string field, List<FieldError> errors)
    {
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors.Add(new FieldError(field, "phải là 'true' hoặc 'false'."));
                return null;
        }
    }
}
