using Azure;

namespace TthcServerless.Functions.Storage;

/// <summary>What a failure says about storage, decided in one place for every caller (HTTP answers, queue retries, clean-ups).</summary>
internal enum StorageFailureKind
{
    /// <summary>Not a storage failure: a bug or bad data, to be handled (or not) as such.</summary>
    None,

    /// <summary>Storage did not answer or said "later" (no connection, timeout, throttling, 5xx, a resource that vanished): try again.</summary>
    Outage,

    /// <summary>Storage answered and refused this request (a 4xx such as a conflict or a failed condition): trying again will not help.</summary>
    Refused,
}

/// <summary>
/// The one classifier of storage failures, by exception type and status code (never by message text). A table or queue
/// that vanished counts as an outage because it is created again on the next use.
/// </summary>
internal static class StorageFailures
{
    public static bool IsOutage(Exception exception) => Classify(exception) == StorageFailureKind.Outage;

    /// <summary>Any failure that came from storage, outage or refusal: what a best-effort step (a clean-up, a status blob) may swallow.</summary>
    public static bool IsStorageFailure(Exception exception) => Classify(exception) != StorageFailureKind.None;

    public static StorageFailureKind Classify(Exception exception) => exception switch
    {
        RequestFailedException failed => IsOutageStatus(failed.Status) || MissingResourcePolicy.IsMissingResource(failed.ErrorCode)
            ? StorageFailureKind.Outage
            : StorageFailureKind.Refused,
        HttpRequestException or TimeoutException or StorageNotConfiguredException => StorageFailureKind.Outage,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Combine(aggregate.InnerExceptions),
        OperationCanceledException { InnerException: { } inner } => Classify(inner),
        _ => StorageFailureKind.None,
    };

    /// <summary>Status 0 means no answer at all; 408, 429 and 5xx mean "later".</summary>
    private static bool IsOutageStatus(int status) => status is 0 or 408 or 429 or >= 500;

    // An aggregate is an outage only when every part is; storage's as long as every part is storage's.
    private static StorageFailureKind Combine(IEnumerable<Exception> inner)
    {
        var kinds = inner.Select(Classify).ToList();
        return kinds.Contains(StorageFailureKind.None) ? StorageFailureKind.None
            : kinds.TrueForAll(k => k == StorageFailureKind.Outage) ? StorageFailureKind.Outage
            : StorageFailureKind.Refused;
    }
}

/// <summary>Storage has no connection configured: every use fails the same way, answered as an outage (503), not a bug (500).</summary>
internal sealed class StorageNotConfiguredException(string message) : InvalidOperationException(message);
