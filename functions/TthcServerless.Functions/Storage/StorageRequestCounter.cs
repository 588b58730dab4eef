using Azure.Core;
using Azure.Core.Pipeline;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// Counts every HTTP request the storage clients send (retries included). Tests and the benchmark read it
/// to bound storage requests per operation; it costs one interlocked increment per request.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
