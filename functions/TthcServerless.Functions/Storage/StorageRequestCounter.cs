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
    private const string TransactionKind = "table transaction";
    private long _count;
    private long _largestTransactionBytes;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The largest table transaction body sent so far: Azure refuses one over 4 MiB (Azurite does not check).</summary>
    public long LargestTransactionBytes => Interlocked.Read(ref _largestTransactionBytes);

    /// <summary>Requests so far by kind, e.g. <c>table transaction</c>, <c>queue GET messages</c>.</summary>
    public IReadOnlyDictionary<string, long> ByKind => _byKind.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _count);
        var kind = KindOf(message.Request);
        _byKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (kind == TransactionKind && message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            long seen;
            while (length > (seen = Interlocked.Read(ref _largestTransactionBytes))
                && Interlocked.CompareExchange(ref _largestTransactionBytes, length, seen) != seen)
            {
            }
        }
    }

    private static string KindOf(Request request)
    {
        var path = request.Uri.Path;
        var method = request.Method.Method;
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return TransactionKind;
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
