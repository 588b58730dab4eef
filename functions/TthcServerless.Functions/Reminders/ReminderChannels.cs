using TthcServerless.Functions.Webhooks;

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

/// <summary>A registered webhook of the recipient.</summary>
internal sealed class WebhookChannel(WebhookStore webhooks, WebhookSender sender) : IReminderChannel
{
    public const string Prefix = "webhook:";

    public bool Handles(string channel) => channel.StartsWith(Prefix, StringComparison.Ordinal);

    public async Task<DeliveryOutcome> DeliverAsync(string province, StoredDigest digest, string channel, CancellationToken cancellationToken)
    {
        var webhookId = channel[Prefix.Length..];
        var webhook = await webhooks.GetAsync(province, webhookId, cancellationToken).ConfigureAwait(false);
        if (webhook is not { IsActive: true })
        {
            return new DeliveryOutcome(DeliveryResult.Skipped, webhook is null ? "The webhook was deleted." : "The webhook is disabled.");
        }

        var outcome = await sender.SendAsync(webhook, digest, province, cancellationToken).ConfigureAwait(false);
        if (outcome.Result == DeliveryResult.Gone)
        {
            await webhooks.DisableAsync(province, webhookId, outcome.Reason ?? "410 Gone", cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }
}
