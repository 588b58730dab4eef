using System.Globalization;
using TthcServerless.Domain;

namespace TthcServerless.Functions.Http;

/// <summary>
/// Request values read by hand: query numbers, flags and days, and If-Match. Bound by the framework, "pageSize=abc" would
/// be a bare English 400 that names no field; read here, it is the API's usual problem with the field and a Vietnamese
/// message.
/// </summary>
internal static class RequestValues
{
    /// <summary>The query parameters read through this class, with their type for the OpenAPI document.</summary>
    public static IReadOnlyDictionary<string, Microsoft.OpenApi.JsonSchemaType> Documented { get; } = new Dictionary<string, Microsoft.OpenApi.JsonSchemaType>(StringComparer.Ordinal)
    {
        ["pageSize"] = Microsoft.OpenApi.JsonSchemaType.Integer,
        ["days"] = Microsoft.OpenApi.JsonSchemaType.Integer,
        ["overdue"] = Microsoft.OpenApi.JsonSchemaType.Boolean,
        ["year"] = Microsoft.OpenApi.JsonSchemaType.Integer,
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

    /// <summary>A day written yyyy-MM-dd, and only so: "10/06/2026" means different days to different people.</summary>
    public static DateOnly? Day(string? text, string field, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(new FieldError(field, "phải là ngày dạng yyyy-MM-dd, ví dụ 2026-06-08."));
        return null;
    }

    /// <summary>
    /// Whether an <c>If-Match</c> the client sent names another version than <paramref name="currentTag"/> (no header, or
    /// <c>*</c>, never fails): the caller answers 412 in its own words.
    /// </summary>
    public static bool IfMatchFails(HttpRequest request, string? currentTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IfMatchFails(request.Headers.IfMatch.ToString(), currentTag);
    }

    /// <summary>Whether an If-Match header value (empty when absent) names a version other than the current one.</summary>
    public static bool IfMatchFails(string ifMatch, string? currentTag)
    {
        ArgumentNullException.ThrowIfNull(ifMatch);
        return ifMatch.Length > 0 && ifMatch != "*" && ifMatch != currentTag;
    }
}
