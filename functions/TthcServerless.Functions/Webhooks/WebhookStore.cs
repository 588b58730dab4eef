using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Webhooks;

/// <summary>A registered endpoint. The secret signs deliveries; it is shown once, when the webhook is created.</summary>
internal sealed record Webhook(string WebhookId, string Recipient, Uri Url, string Secret, string State, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public bool IsActive => State == "active";
}

/// <summary>
/// Webhooks in the table <c>Webhooks</c> (partition province, row webhook id). One secret per endpoint, as Standard
/// Webhooks recommends: <c>whsec_</c> + base64 of 32 random bytes.
/// </summary>
internal sealed class WebhookStore(StorageResources storage, TimeProvider time)
{
    private const string Table = "Webhooks";

    public async Task<Webhook> CreateAsync(string province, string recipient, Uri url, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var webhook = new Webhook(
            "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
            recipient,
            url,
            "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "active",
            time.GetUtcNow(),
            null,
            null);
        await table.AddEntityAsync(
            new TableEntity(province, webhook.WebhookId)
            {
                ["Recipient"] = recipient,
                ["Url"] = url.ToString(),
                ["Secret"] = webhook.Secret,
                ["State"] = webhook.State,
                ["CreatedAt"] = webhook.CreatedAt,
            },
            cancellationToken).ConfigureAwait(false);
        return webhook;
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string province, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var webhooks = new List<Webhook>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {province}"), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            webhooks.Add(ToWebhook(entity));
        }

        return [.. webhooks.OrderBy(w => w.CreatedAt)];
    }

    public async Task<Webhook?> GetAsync(string province, string webhookId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(province, webhookId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToWebhook(response.Value!) : null;
    }

    public async Task<bool> DeleteAsync(string province, string webhookId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.DeleteEntityAsync(province, webhookId, ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Stops deliveries to an endpoint that answered 410 Gone.</summary>
    public async Task DisableAsync(string province, string webhookId, string reason, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(province, webhookId) { ["State"] = "disabled", ["DisabledAt"] = time.GetUtcNow(), ["DisabledReason"] = reason },
                ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted meanwhile: nothing to disable.
        }
    }

    private static Webhook ToWebhook(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Recipient") ?? "",
        new Uri(entity.GetString("Url")),
        entity.GetString("Secret") ?? "",
        entity.GetString("State") ?? "active",
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("DisabledAt"),
        entity.GetString("DisabledReason"));
}
