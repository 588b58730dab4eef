using System.Globalization;
using System.Text.Json;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// Reads the JSON the Functions host POSTs to a custom handler (<c>{"Data": {…}, "Metadata": {…}}</c>) defensively:
/// the real host serializes with Newtonsoft, double-encodes string trigger values (<c>"\"text\""</c>) and sends
/// metadata scalars as strings with extra quotes (<c>"DequeueCount": "1"</c>, <c>"Id": "\"…\""</c>); the documentation
/// examples show cleaner shapes. Both are accepted (docs/hosting.md H5, H6).
/// </summary>
public sealed class HostPayload
{
    private readonly Dictionary<string, JsonElement> _data;
    private readonly Dictionary<string, JsonElement> _metadata;

    private HostPayload(Dictionary<string, JsonElement> data, Dictionary<string, JsonElement> metadata)
    {
        _data = data;
        _metadata = metadata;
    }

    /// <summary>Parses a payload; throws <see cref="FormatException"/> when the shape is not the host's.</summary>
    public static HostPayload Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The invocation payload must be a JSON object with Data and Metadata.");
        }

        Dictionary<string, JsonElement>? data = null;
        Dictionary<string, JsonElement>? metadata = null;
        foreach (var property in root.EnumerateObject())
        {
            // The host reads top-level names case-insensitively, so do we.
            if (string.Equals(property.Name, "Data", StringComparison.OrdinalIgnoreCase))
            {
                data = ReadObject(property.Value, "Data");
            }
            else if (string.Equals(property.Name, "Metadata", StringComparison.OrdinalIgnoreCase))
            {
                metadata = ReadObject(property.Value, "Metadata");
            }
        }

        return new HostPayload(
            data ?? throw new FormatException("The invocation payload has no Data object."),
            metadata ?? new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Reads <c>Data.{binding}</c> as the host's serialized <c>TimerInfo</c>.</summary>
    public TimerInvocation ReadTimer(string bindingName, FunctionInvocationContext context)
    {
        var value = Data(bindingName) ?? throw new FormatException($"The timer payload has no Data.{bindingName}.");
        using var nested = value.ValueKind == JsonValueKind.String ? JsonDocument.Parse(DecodeText(value), Http.ApiJson.Document) : null;
        var timer = nested?.RootElement ?? value;
        if (timer.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Data.{bindingName} must be the timer object.");
        }

        var status = Property(timer, "ScheduleStatus");
        var hasStatus = status is { ValueKind: JsonValueKind.Object };
        return new TimerInvocation(
            context,
            ScalarBoolean(Property(timer, "IsPastDue")),
            hasStatus ? ScalarTimestamp(Property(status!.Value, "Last")) : null,
            hasStatus ? ScalarTimestamp(Property(status!.Value, "Next")) : null);
    }

    /// <summary>Reads <c>Data.{binding}</c> and the queue metadata as a message.</summary>
    public QueueInvocation ReadQueueMessage(string bindingName, FunctionInvocationContext context)
    {
        var value = Data(bindingName) ?? throw new FormatException($"The queue payload has no Data.{bindingName}.");
        return new QueueInvocation(
            context,
            DecodeText(value),
            ScalarText(Metadata("Id")),
            ScalarInt64(Metadata("DequeueCount")) ?? 1,
            ScalarTimestamp(Metadata("InsertionTime")));
    }

    public JsonElement? Data(string bindingName) => _data.TryGetValue(bindingName, out var value) ? value : null;

    public JsonElement? Metadata(string key) => _metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// The text of a string trigger value: a JSON string is taken as is and unwrapped once more when it is itself a
    /// JSON string literal (the host's double encoding); an object or array is taken as its JSON text.
    /// </summary>
    public static string DecodeText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                return TryUnwrapJsonStringLiteral(text, out var inner) ? inner : text;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                return value.GetRawText();
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                throw new FormatException("The trigger value is missing.");
            default:
                return value.GetRawText();
        }
    }

    /// <summary>A metadata scalar as text: strings lose surrounding quotes, numbers and booleans keep their JSON text.</summary>
    public static string? ScalarText(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => TryUnwrapJsonStringLiteral(element.GetString()!, out var inner) ? inner : element.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => null,
        };
    }

    public static long? ScalarInt64(JsonElement? value) =>
        long.TryParse(ScalarText(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static bool ScalarBoolean(JsonElement? value) =>
        bool.TryParse(ScalarText(value), out var flag) && flag;

    public static DateTimeOffset? ScalarTimestamp(JsonElement? value) =>
        DateTimeOffset.TryParse(ScalarText(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static bool TryUnwrapJsonStringLiteral(string text, out string inner)
    {
        inner = text;
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        try
        {
            inner = JsonSerializer.Deserialize<string>(text) ?? text;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Dictionary<string, JsonElement> ReadObject(JsonElement element, string what)
    {
        // Some hosts send a nested object as a JSON string; accept both.
        if (element.ValueKind == JsonValueKind.String)
        {
            using var nested = JsonDocument.Parse(element.GetString()!, Http.ApiJson.Document);
            return ReadObject(nested.RootElement.Clone(), what);
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The invocation payload's {what} must be a JSON object.");
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }
}
