using TthcServerless.Functions.Reminders;

namespace TthcServerless.Functions.Webhooks;

/// <summary>A registered webhook of the recipient.</summary>
internal sealed class WebhookChannel(WebhookStore webhooks, WebhookSender sender) : IReminderChannel, IReminderSubscriptions
{
    public const string Prefix = "webhook:";

    public bool Handles(string channel) => channel.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Each active webhook is a channel of its recipient.</summary>
    public async Task<ILookup<string, string>> ChannelsByRecipientAsync(string province, CancellationToken cancellationToken) =>
        (await webhooks.ListAsync(province, cancellationToken).ConfigureAwait(false)).Where(w => w.IsActive).ToLookup(w => w.Recipient, w => Prefix + w.WebhookId, StringComparer.Ordinal);

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
