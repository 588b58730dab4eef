using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// Counts every HTTP request the storage clients send (retries included), in total and by kind (table transaction,
/// entity read, queue send, …). Tests and the benchmark read it to bound storage requests per operation; it costs an
/// interlocked increment and a dictionary update per request.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests so far by kind, e.g. <c>table transaction</c>, <c>queue GET messages</c>.</summary>
    public IReadOnlyDictionary<string, long> ByKind => _byKind.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _count);
        _byKind.AddOrUpdate(KindOf(message.Request), 1, (_, n) => n + 1);
    }

    private static string KindOf(Request request)
    {
        var path = request.Uri.Path;
        var method = request.Method.Method;
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return "table transaction";
        }

        if (path.Contains("(PartitionKey=", StringComparison.Ordinal))
        {
            return $"table {method} entity";
        }

        if (path.EndsWith("()", StringComparison.Ordinal) || path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            return $"table {method} query";
        }

        if (path.Contains("/messages", StringComparison.Ordinal))
        {
            return $"queue {method} messages";
        }

        return $"other {method}";
    }
}
