using System.Text.Json;
using System.Text.Json.Nodes;

namespace TthcServerless.Functions.Hosting.LocalRunner;

/// <summary>
/// Builds invocation payloads in exactly the shapes the real Functions host sends — not the cleaner documentation
/// examples: string trigger data is JSON-encoded a second time, queue metadata scalars are strings, and ids carry
/// their own quotes (docs/hosting.md H4, H5, H6).
/// </summary>
public static class HostPayloadBuilder
{
    public static JsonObject Timer(
        string functionName,
        string bindingName,
        bool isPastDue,
        DateTimeOffset? lastRun,
        DateTimeOffset? nextRun,
        DateTimeOffset? lastUpdated,
        DateTimeOffset utcNow,
        int? retryCount = null,
        int? maxRetryCount = null)
    {
        JsonNode? scheduleStatus = lastRun is null && nextRun is null
            ? null
            : new JsonObject
            {
                ["Last"] = Timestamp(lastRun ?? DateTimeOffset.MinValue),
                ["Next"] = Timestamp(nextRun ?? DateTimeOffset.MinValue),
                ["LastUpdated"] = Timestamp(lastUpdated ?? utcNow),
            };

        var metadata = new JsonObject { ["sys"] = Sys(functionName, utcNow) };
        if (retryCount is { } count)
        {
            metadata["RetryContext"] = new JsonObject { ["RetryCount"] = count, ["MaxRetryCount"] = maxRetryCount ?? count, ["Exception"] = null };
        }

        return new JsonObject
        {
            ["Data"] = new JsonObject
            {
                [bindingName] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = scheduleStatus,
                    ["IsPastDue"] = isPastDue,
                },
            },
            ["Metadata"] = metadata,
        };
    }

    public static JsonObject Queue(
        string functionName,
        string bindingName,
        string messageText,
        string messageId,
        string popReceipt,
        long dequeueCount,
        DateTimeOffset? insertionTime,
        DateTimeOffset? expirationTime,
        DateTimeOffset? nextVisibleTime,
        DateTimeOffset utcNow)
    {
        return new JsonObject
        {
            ["Data"] = new JsonObject
            {
                // The host runs a string through JsonConvert.SerializeObject before putting it in Data.
                [bindingName] = JsonSerializer.Serialize(messageText),
            },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Id"] = JsonSerializer.Serialize(messageId),
                ["PopReceipt"] = JsonSerializer.Serialize(popReceipt),
                ["InsertionTime"] = insertionTime is { } inserted ? Timestamp(inserted) : null,
                ["ExpirationTime"] = expirationTime is { } expires ? Timestamp(expires) : null,
                ["NextVisibleTime"] = nextVisibleTime is { } visible ? Timestamp(visible) : null,
                ["sys"] = Sys(functionName, utcNow),
            },
        };
    }

    private static JsonObject Sys(string functionName, DateTimeOffset utcNow) => new()
    {
        ["MethodName"] = functionName,
        ["UtcNow"] = Timestamp(utcNow),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    private static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
}
