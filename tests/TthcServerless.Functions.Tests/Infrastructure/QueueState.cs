using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>Waits on what storage holds, never on log text or a fixed sleep.</summary>
internal static class QueueState
{
    /// <summary>
    /// Waits until the local runner has finished with a message for good (it deletes a message only after a success, or
    /// when it moves it to the poison queue) and <paramref name="queue"/> then holds <paramref name="expectedCount"/>
    /// messages.
    /// </summary>
    public static async Task WaitUntilSettledAsync(TestApp app, QueueClient queue, int expectedCount, TimeSpan patience)
    {
        var requests = app.Services.GetRequiredService<StorageRequestCounter>();
        using var deadline = new CancellationTokenSource(patience);
        while (requests.ByKind.GetValueOrDefault("queue DELETE messages") == 0
               || (await queue.GetPropertiesAsync(deadline.Token)).Value.ApproximateMessagesCount != expectedCount)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>
    /// Waits until <paramref name="queue"/> holds no message, so every message sent to it before has been processed: the
    /// count includes messages in flight (invisible, leased), and the local runner deletes one only after its function
    /// succeeded or once it has moved it to the poison queue.
    /// </summary>
    public static async Task WaitUntilEmptyAsync(QueueClient queue, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while ((await queue.GetPropertiesAsync(deadline.Token)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
