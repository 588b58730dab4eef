using System.Text.Json;
using System.Threading.Channels;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Puts accepted updates on the <c>task-updates</c> queue, several per message. A request waits until the message
/// holding its update is durably in the queue (then it may answer 202). Nothing is held back on purpose: the pump sends
/// whatever is waiting as soon as a send slot is free, so a lone request goes out alone at once, and under a burst the
/// requests that pile up while sends are in flight share one message — a queue operation per batch instead of per
/// update, which is what lets the queue hop keep up with the table writes. Two sends in flight: enough to hide one send's
/// latency, few enough that messages fill up under load (with 8, messages at 500 updates/s averaged 3 updates and
/// ingestion fell behind; see docs/performance.md).
/// </summary>
internal sealed partial class TaskUpdateOutbox : IAsyncDisposable
{
    public const string QueueName = "task-updates";

    /// <summary>A queue message holds 64 KiB after base64: about 48 KiB of JSON. Leave room for the envelope.</summary>
    public const int MaxMessageBytes = 45_000;

    public const int MaxUpdatesPerMessage = 200;
    private const int MaxSendsInFlight = 2;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _sendSlots = new(MaxSendsInFlight, MaxSendsInFlight);
    private readonly StorageResources _storage;
    private readonly AcceptedUpdates _accepted;
    private readonly ILogger<TaskUpdateOutbox> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pump;

    public TaskUpdateOutbox(StorageResources storage, AcceptedUpdates accepted, ILogger<TaskUpdateOutbox> logger)
    {
        _storage = storage;
        _accepted = accepted;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    private sealed record Pending(QueuedTaskUpdate Update, byte[] Json, TaskCompletionSource Sent);

    /// <summary>The serialized size of an update in a message, for the edge check that it can be sent at all.</summary>
    public static byte[] Serialize(QueuedTaskUpdate update) => JsonSerializer.SerializeToUtf8Bytes(update, ApiJson.Default);

    /// <summary>Completes when the update is durably queued; fails (and nothing is accepted) when the queue cannot be reached.</summary>
    public Task EnqueueAsync(QueuedTaskUpdate update, byte[] json)
    {
        var pending = new Pending(update, json, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The outbox is shutting down.");
        }

        return pending.Sent.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        for (var i = 0; i < MaxSendsInFlight; i++)
        {
            await _sendSlots.WaitAsync().ConfigureAwait(false);
        }

        _sendSlots.Dispose();
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _sendSlots.WaitAsync().ConfigureAwait(false);
            var batch = new List<Pending>();
            var size = 32;
            while (batch.Count < MaxUpdatesPerMessage && reader.TryPeek(out var next) && (batch.Count == 0 || size + next.Json.Length + 1 <= MaxMessageBytes))
            {
                reader.TryRead(out _);
                batch.Add(next);
                size += next.Json.Length + 1;
            }

            if (batch.Count == 0)
            {
                _sendSlots.Release();
                continue;
            }

            _ = SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        try
        {
            await _storage.SendAsync(QueueName, new BinaryData(Envelope(batch)), _stopping.Token).ConfigureAwait(false);
            foreach (var pending in batch)
            {
                // Watched until its outcome has settled in storage (AcceptedUpdateSweep), before its request answers 202.
                _accepted.Sent(pending.Update, pending.Json);
                pending.Sent.TrySetResult();
            }
        }
#pragma warning disable CA1031 // Every failure is handed to the waiting requests, which answer 503: nothing was accepted.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(_logger, batch.Count, ex.Message);
            foreach (var pending in batch)
            {
                pending.Sent.TrySetException(ex);
            }
        }
        finally
        {
            _sendSlots.Release();
        }
    }

    /// <summary>The batch as JSON without re-serializing each update: <c>{"v":1,"updates":[…]}</c>.</summary>
    private static byte[] Envelope(List<Pending> batch)
    {
        using var buffer = new MemoryStream();
        buffer.Write("{\"v\":1,\"updates\":["u8);
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(batch[i].Json);
        }

        buffer.Write("]}"u8);
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue {Count} task updates; their requests fail with 503: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, int count, string reason);
}
