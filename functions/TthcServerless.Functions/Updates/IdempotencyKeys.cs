using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>What a claimed <c>Idempotency-Key</c> stands for: the first request's update id, time and fingerprint.</summary>
internal sealed record IdempotencyClaim(string UpdateId, DateTimeOffset ReportedAt, string RequestHash);

/// <summary>
/// The <c>Idempotency-Key</c>s agencies sent, in table <c>IdempotencyKeys</c>: partition <c>{province}|{agencyId}</c>,
/// row = SHA-256 of the key. Rule: the first claim of a key wins, and every later claim gets it back.
/// </summary>
internal sealed class IdempotencyKeys(StorageResources storage)
{
    private const string Table = "IdempotencyKeys";

    /// <summary>
    /// Claims a key for a request. The first claim wins and is returned to every later claim, so a retried request gets
    /// the first request's id and time back.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(string province, string agencyId, string key, IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = $"{province}|{agencyId}";
        var row = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, row) { ["UpdateId"] = claim.UpdateId, ["ReportedAt"] = claim.ReportedAt, ["RequestHash"] = claim.RequestHash }, cancellationToken).ConfigureAwait(false);
            return claim;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new IdempotencyClaim(existing.GetString("UpdateId"), existing.GetDateTimeOffset("ReportedAt")!.Value, existing.GetString("RequestHash"));
        }
    }
}
