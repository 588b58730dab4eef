using Microsoft.Extensions.Options;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// A queue function's last attempt that failed because storage was unreachable — not because of the message — puts the
/// message back on its queue, invisible for <see cref="Delay"/>, with its attempts counted afresh. Letting the host poison
/// it instead would strand accepted work (a 202 was given for it) until someone requeued it by hand.
/// </summary>
internal sealed class OutageRequeue(StorageResources storage, IOptions<QueueHostOptions> queueOptions)
{
    public static readonly TimeSpan Delay = TimeSpan.FromMinutes(2);

    /// <summary>Whether this failure is storage's on the message's last attempt.</summary>
    public bool Applies(QueueInvocation invocation, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return invocation.DequeueCount >= queueOptions.Value.MaxDequeueCount && !cancellationToken.IsCancellationRequested
            && StorageFailures.IsOutage(failure);
    }

    /// <summary>Sends the message again for later; if this fails too, the invocation fails and the host poisons the message.</summary>
    public Task PutBackAsync(string logicalQueueName, QueueInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return storage.SendAsync(logicalQueueName, BinaryData.FromString(invocation.Text), CancellationToken.None, Delay);
    }
}
