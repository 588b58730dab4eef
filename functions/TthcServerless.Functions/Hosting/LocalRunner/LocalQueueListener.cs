using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Hosting.LocalRunner;

/// <summary>
/// Drives one queue function as the Storage Queues extension does (docs/hosting.md H2): receive batches of up to
/// <c>batchSize</c>, fetch again when in-flight messages drop to <c>newBatchThreshold</c>, back off up to
/// <c>maxPollingInterval</c> while the queue is empty; on success delete, on failure release with
/// <c>visibilityTimeout</c>, and once a message has failed <c>maxDequeueCount</c> times copy its body to
/// <c>&lt;queue&gt;-poison</c> and delete it.
/// </summary>
internal sealed partial class LocalQueueListener
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a received message stays invisible while it runs: 10 minutes, as the extension leases it (our function
    /// timeout is shorter). After a crash or an outage the message reappears when the lease ends.
    /// </summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    private readonly QueueFunctionDefinition _definition;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly QueueHostOptions _options;
    private readonly LocalInvocationClient _invoker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _lease;
    private bool _poisonQueueExists;

    public LocalQueueListener(
        QueueFunctionDefinition definition,
        QueueServiceClient queues,
        StorageNames names,
        QueueHostOptions options,
        LocalInvocationClient invoker,
        TimeProvider time,
        ILogger logger,
        TimeSpan? lease = null)
    {
        _lease = lease ?? DefaultLease;
        _definition = definition;
        _queue = queues.GetQueueClient(names.Queue(definition.QueueName));
        _poison = queues.GetQueueClient(StorageNames.PoisonQueueOf(_queue.Name));
        _options = options;
        _invoker = invoker;
        _time = time;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        var idleDelay = MinPollingInterval;
        try
        {
            await EnsureQueueExistsAsync(stoppingToken).ConfigureAwait(false);
            LogListening(_logger, _definition.Name, _queue.Name);
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(task => task.IsCompleted);
                while (inFlight.Count > _options.NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight).WaitAsync(stoppingToken).ConfigureAwait(false);
                    inFlight.RemoveAll(task => task.IsCompleted);
                }

                QueueMessage[] batch;
                try
                {
                    batch = (await _queue.ReceiveMessagesAsync(_options.BatchSize, _lease, stoppingToken).ConfigureAwait(false)).Value;
                }
                catch (Exception ex) when (StorageFailures.IsStorageFailure(ex) && !stoppingToken.IsCancellationRequested)
                {
                    LogReceiveFailed(_logger, _queue.Name, ex.Message);
                    await Task.Delay(_options.MaxPollingInterval, _time, stoppingToken).ConfigureAwait(false);
                    if (ex is RequestFailedException { ErrorCode: "QueueNotFound" })
                    {
                        // Deleted under us (or an emulator restarted empty): the host would recreate it too.
                        await EnsureQueueExistsAsync(stoppingToken).ConfigureAwait(false);
                    }

                    continue;
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(idleDelay, _time, stoppingToken).ConfigureAwait(false);
                    idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    continue;
                }

                idleDelay = MinPollingInterval;
                foreach (var message in batch)
                {
                    inFlight.Add(ProcessAsync(message, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        // ProcessAsync never throws; wait so no message is left half-handled.
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // Let the receive loop continue while this message runs.
        await Task.Yield();
        try
        {
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                // Already failed too often (for example the process died while handling it).
                await MoveToPoisonAsync(message).ConfigureAwait(false);
                return;
            }

            var payload = HostPayloadBuilder.Queue(
                _definition.Name,
                _definition.BindingName,
                message.Body.ToString(),
                message.MessageId,
                message.PopReceipt,
                message.DequeueCount,
                message.InsertedOn,
                message.ExpiresOn,
                message.NextVisibleOn,
                _time.GetUtcNow());

            InvocationOutcome outcome;
            try
            {
                outcome = await _invoker.InvokeAsync(_definition.Name, payload, Guid.NewGuid().ToString(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                outcome = InvocationOutcome.Failure($"{ex.GetType().Name}: {ex.Message}");
            }

            if (outcome.Succeeded)
            {
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                LogPoisoned(_logger, _definition.Name, message.MessageId, message.DequeueCount, outcome.Detail);
                await MoveToPoisonAsync(message).ConfigureAwait(false);
                return;
            }

            LogWillRetry(_logger, _definition.Name, message.MessageId, message.DequeueCount, _options.MaxDequeueCount, outcome.Detail);
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-invocation: make the message visible again at once rather than after the lease.
            await TryReleaseAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            // The message stays leased and reappears when the lease ends: at-least-once, never lost.
            LogCompletionFailed(_logger, _definition.Name, message.MessageId, ex.Message);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        if (!_poisonQueueExists)
        {
            await _poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            _poisonQueueExists = true;
        }

        await _poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task TryReleaseAsync(QueueMessage message)
    {
        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogCompletionFailed(_logger, _definition.Name, message.MessageId, ex.Message);
        }
    }

    private async Task EnsureQueueExistsAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (StorageFailures.IsStorageFailure(ex) && !stoppingToken.IsCancellationRequested)
            {
                LogReceiveFailed(_logger, _queue.Name, ex.Message);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local runner: {FunctionName} listens on queue {QueueName}")]
    private static partial void LogListening(ILogger logger, string functionName, string queueName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local runner: queue {QueueName} is not reachable: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, string queueName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local runner: {FunctionName} failed message {MessageId} (attempt {Attempt} of {MaxAttempts}); it will be retried: {Reason}")]
    private static partial void LogWillRetry(ILogger logger, string functionName, string messageId, long attempt, int maxAttempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local runner: {FunctionName} failed message {MessageId} {Attempts} times; moved to the poison queue: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string functionName, string messageId, long attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local runner: {FunctionName} could not complete message {MessageId}; it reappears after its lease: {Reason}")]
    private static partial void LogCompletionFailed(ILogger logger, string functionName, string messageId, string reason);
}
