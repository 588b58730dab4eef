using System.Text.Json;
using Azure;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Http;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.WorkingDays;

namespace TthcServerless.Functions.Reminders;

/// <summary>A channel that failed on every attempt: the message goes to <c>reminders-poison</c>; the reason is on the digest.</summary>
internal sealed class ReminderDeliveryFailedException(string message) : Exception(message);

/// <summary>
/// Queue function on <c>reminders</c>: delivers one digest on one channel, at least once. A channel already sent (or
/// disabled, or skipped) is left alone; one that another worker is sending right now is left to it. A failed attempt
/// is recorded on the digest (attempts, reason, next attempt) and retried with exponential backoff — the receiver's
/// <c>Retry-After</c> when it sends one — by a copy of the message made visible later; after
/// <see cref="ReminderOptions.MaxAttempts"/> (default the host's maxDequeueCount) the channel is <c>failed</c> and the
/// message fails every time until the host poisons it. The digest id is the idempotency key on every channel.
/// </summary>
internal sealed partial class DeliverReminder(
    ReminderStore store,
    IEnumerable<IReminderChannel> channels,
    StorageResources storage,
    CalendarStore calendars,
    IOptions<ReminderOptions> options,
    IOptions<QueueHostOptions> queueOptions,
    IOptions<TthcOptions> tthc,
    TimeProvider time,
    ILogger<DeliverReminder> logger) : IQueueFunction
{
    /// <summary>A channel marked sending longer ago than this belongs to a worker that died: it may be sent again.</summary>
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(2);

    public async Task RunAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var message = invocation.ReadJson<ReminderDeliveryMessage>(ApiJson.Default);
        if (message.V != ReminderDeliveryMessage.CurrentVersion)
        {
            throw new NotSupportedException($"reminder message version {message.V} is not known to this version of the app.");
        }

        var province = tthc.Value.Province;
        var channel = channels.FirstOrDefault(c => c.Handles(message.Channel ?? ""))
            ?? throw new InvalidDataException($"Unknown reminder channel '{message.Channel}'.");
        var maxAttempts = options.Value.MaxAttempts ?? queueOptions.Value.MaxDequeueCount;

        for (var conflict = 0; ; conflict++)
        {
            var digest = await store.GetDigestAsync(province, message.DigestId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Digest {message.DigestId} is not in the outbox.");
            var state = digest.Channels.FirstOrDefault(c => c.Channel == message.Channel)
                ?? throw new InvalidDataException($"Digest {message.DigestId} has no channel {message.Channel}.");
            var now = time.GetUtcNow();
            switch (state.State)
            {
                case ChannelStates.Failed:
                    throw new ReminderDeliveryFailedException($"{message.DigestId} on {message.Channel}: given up after {state.Attempts} attempts: {state.LastError}");
                case var final when ChannelStates.IsFinal(final):
                case ChannelStates.Sending when state.ChangedAt > now - SendingLease:
                    invocation.Context.Log($"{message.DigestId} on {message.Channel}: {state.State}; nothing to do");
                    return;
            }

            var attempt = state.Attempts + 1;
            try
            {
                // Claim the channel under the digest's ETag: of two workers with copies of the message, one sends.
                await store.SetChannelAsync(province, digest, state with { State = ChannelStates.Sending, Attempts = attempt, ChangedAt = now }, cancellationToken, digest.ETag)
                    .ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && conflict < 10)
            {
                continue;
            }

            var outcome = await channel.DeliverAsync(province, digest, message.Channel!, cancellationToken).ConfigureAwait(false);
            await RecordAsync(province, digest, state, attempt, maxAttempts, outcome, message, invocation, cancellationToken).ConfigureAwait(false);
            return;
        }
    }

    private async Task RecordAsync(
        string province, StoredDigest digest, ChannelState state, int attempt, int maxAttempts, DeliveryOutcome outcome, ReminderDeliveryMessage message,
        QueueInvocation invocation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (outcome.Result)
        {
            case DeliveryResult.Delivered:
                await store.SetChannelAsync(province, digest, state with { State = ChannelStates.Sent, Attempts = attempt, LastError = null, ChangedAt = now, NextAttemptAt = null }, cancellationToken)
                    .ConfigureAwait(false);
                invocation.Context.Log($"{digest.DigestId} on {message.Channel}: sent (attempt {attempt})");
                LogSent(logger, digest.DigestId, message.Channel, attempt);
                return;
            case DeliveryResult.Gone or DeliveryResult.Skipped:
                var final = outcome.Result == DeliveryResult.Gone ? ChannelStates.Disabled : ChannelStates.Skipped;
                await store.SetChannelAsync(province, digest, state with { State = final, Attempts = attempt, LastError = outcome.Reason, ChangedAt = now, NextAttemptAt = null }, cancellationToken)
                    .ConfigureAwait(false);
                LogStopped(logger, digest.DigestId, message.Channel, final, outcome.Reason);
                return;
        }

        if (attempt >= maxAttempts)
        {
            await store.SetChannelAsync(province, digest, state with { State = ChannelStates.Failed, Attempts = attempt, LastError = outcome.Reason, ChangedAt = now, NextAttemptAt = null }, cancellationToken)
                .ConfigureAwait(false);
            LogGaveUp(logger, digest.DigestId, message.Channel, attempt, outcome.Reason);
            throw new ReminderDeliveryFailedException($"{digest.DigestId} on {message.Channel}: given up after {attempt} attempts: {outcome.Reason}");
        }

        var delay = await HeldAsync(province, message.Channel!, now, Backoff(attempt, outcome.RetryAfter), cancellationToken).ConfigureAwait(false);
        await store.SetChannelAsync(province, digest, state with { State = ChannelStates.Retrying, Attempts = attempt, LastError = outcome.Reason, ChangedAt = now, NextAttemptAt = now + delay },
            cancellationToken).ConfigureAwait(false);
        await storage.SendAsync(ReminderRun.QueueName, BinaryData.FromString(JsonSerializer.Serialize(message with { Attempt = attempt + 1 }, ApiJson.Default)), cancellationToken, delay)
            .ConfigureAwait(false);
        invocation.Context.Log($"{digest.DigestId} on {message.Channel}: attempt {attempt} failed ({outcome.Reason}); next in {delay}");
        LogRetrying(logger, digest.DigestId, message.Channel, attempt, delay, outcome.Reason);
    }

    /// <summary>
    /// The backoff, held to office hours for the channels people read (email, webhooks that bridge to people); the inbox
    /// is storage and retries at once. A queue message can be hidden for at most 7 days, so a hold is capped below that.
    /// </summary>
    private async Task<TimeSpan> HeldAsync(string province, string channel, DateTimeOffset now, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (!options.Value.HoldRetriesToOfficeHours || channel == InboxChannel.Name)
        {
            return delay;
        }

        var calendar = (await calendars.GetAsync(province, cancellationToken).ConfigureAwait(false)).Calendar;
        var held = OfficeHours.Hold(now + delay, calendar) - now;
        return held < MaxVisibilityDelay ? held : MaxVisibilityDelay;
    }

    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);

    /// <summary>Base × 2^(attempt−1), or the receiver's Retry-After, capped; a queue message can be hidden for up to 7 days.</summary>
    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var wait = retryAfter ?? TimeSpan.FromTicks(o.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20)));
        return wait > o.MaxRetryDelay ? o.MaxRetryDelay : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {DigestId} sent on {Channel} (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string digestId, string? channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {DigestId} on {Channel}: {State}: {Reason}")]
    private static partial void LogStopped(ILogger logger, string digestId, string? channel, string state, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {DigestId} on {Channel}: attempt {Attempt} failed, retry in {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string digestId, string? channel, int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reminder {DigestId} on {Channel}: given up after {Attempts} attempts: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string digestId, string? channel, int attempts, string? reason);
}
