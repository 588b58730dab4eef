namespace TthcServerless.Functions.Reminders;

internal enum DeliveryResult
{
    Delivered,

    /// <summary>The receiver is gone for good (webhook 410): the channel is disabled, not retried.</summary>
    Gone,

    /// <summary>Nothing to deliver to any more (the webhook was deleted or disabled).</summary>
    Skipped,

    Retry,
}

internal sealed record DeliveryOutcome(DeliveryResult Result, string? Reason = null, TimeSpan? RetryAfter = null);

/// <summary>One way a digest reaches its recipient. Channel names: <c>inbox</c>, <c>webhook:{webhookId}</c>, <c>email</c>.</summary>
internal interface IReminderChannel
{
    bool Handles(string channel);

    Task<DeliveryOutcome> DeliverAsync(string province, StoredDigest digest, string channel, CancellationToken cancellationToken);
}

/// <summary>
/// Channels recipients subscribed to beyond the inbox and email (the webhooks feature implements it, so the run needs
/// no knowledge of webhooks): read once per run, channel names by recipient.
/// </summary>
internal interface IReminderSubscriptions
{
    Task<ILookup<string, string>> ChannelsByRecipientAsync(string province, CancellationToken cancellationToken);
}

/// <summary>The inbox, always: the source of truth the other channels point to.</summary>
internal sealed class InboxChannel(ReminderStore store) : IReminderChannel
{
    public const string Name = "inbox";

    public bool Handles(string channel) => channel == Name;

    public async Task<DeliveryOutcome> DeliverAsync(string province, StoredDigest digest, string channel, CancellationToken cancellationToken)
    {
        await store.AddToInboxAsync(province, digest, cancellationToken).ConfigureAwait(false);
        return new DeliveryOutcome(DeliveryResult.Delivered);
    }
}
