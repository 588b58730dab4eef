using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Auth;

/// <summary>An issued key as stored: never the key itself, only its hash and what it may do.</summary>
internal sealed record ApiKeyRecord(
    string KeyId,
    string Province,
    string Role,
    string? AgencyId,
    string? Label,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>
/// Issued API keys in table storage: one entity per key hash (partition "hash", point-read on every authenticated
/// request, cached briefly) and one per key id in the province's partition, for listing and revoking. Revocation takes
/// effect at once on this instance and within <see cref="CacheLifetime"/> on others.
/// </summary>
internal sealed class ApiKeyStore(StorageResources storage, TimeProvider time)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private const string TableName = "ApiKeys";
    private const string HashPartition = "hash";

    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Record, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>Issues a key; the returned secret is shown to the caller once and not kept.</summary>
    public async Task<(ApiKeyRecord Record, string Secret)> IssueAsync(string province, string role, string? agencyId, string? label, string createdBy, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var secret = ApiKeySecret.NewKey();
        var hash = ApiKeySecret.HashHex(secret);
        var record = new ApiKeyRecord(ApiKeySecret.NewKeyId(), province, role, agencyId, label, time.GetUtcNow(), createdBy, null);

        await table.AddEntityAsync(ToEntity(record, HashPartition, hash, hash), cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(record, IndexPartition(province), record.KeyId, hash), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Without its index entry the key could not be listed or revoked: do not leave it usable.
            await table.DeleteEntityAsync(HashPartition, hash, ETag.All, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return (record, secret);
    }

    /// <summary>The key with this hash, or null; cached so a burst of requests costs one read.</summary>
    public async Task<ApiKeyRecord?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Expires > now)
        {
            return cached.Record;
        }

        var table = await storage.TableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(HashPartition, hash, cancellationToken: cancellationToken).ConfigureAwait(false);
        var record = response.HasValue ? FromEntity(response.Value!) : null;

        // Only keys that exist are cached (their number is bounded by the keys issued). Caching misses let anyone grow
        // the cache without limit by sending made-up keys; a miss costs one point read, as the first try of any key does.
        if (record is not null)
        {
            _cache[hash] = (record, now + CacheLifetime);
        }

        return record;
    }

    /// <summary>How many key hashes are cached (for tests).</summary>
    internal int CachedKeys => _cache.Count;

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string province, string? agencyId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var filter = agencyId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition(province)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition(province)} and AgencyId eq {agencyId}");
        var records = new List<ApiKeyRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(FromEntity(entity));
        }

        return [.. records.OrderBy(r => r.CreatedAt)];
    }

    /// <summary>Revokes a key of the province (and of the agency, when given). False when there is no such key.</summary>
    public async Task<bool> RevokeAsync(string province, string keyId, string? agencyId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var index = await table.GetEntityIfExistsAsync<TableEntity>(IndexPartition(province), keyId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || (agencyId is not null && index.Value!.GetString("AgencyId") != agencyId))
        {
            return false;
        }

        var hash = index.Value!.GetString("Hash");
        var revokedAt = time.GetUtcNow();
        // The hash entity is what authentication reads: revoke it first.
        await table.UpdateEntityAsync(new TableEntity(HashPartition, hash) { ["RevokedAt"] = revokedAt }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(new TableEntity(IndexPartition(province), keyId) { ["RevokedAt"] = revokedAt }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(hash, out _);
        return true;
    }

    private static string IndexPartition(string province) => $"{province}|keys";

    private static TableEntity ToEntity(ApiKeyRecord record, string partition, string row, string hash) => new(partition, row)
    {
        ["KeyId"] = record.KeyId,
        ["Hash"] = hash,
        ["Province"] = record.Province,
        ["Role"] = record.Role,
        ["AgencyId"] = record.AgencyId,
        ["Label"] = record.Label,
        ["CreatedAt"] = record.CreatedAt,
        ["CreatedBy"] = record.CreatedBy,
    };

    private static ApiKeyRecord FromEntity(TableEntity entity) => new(
        entity.GetString("KeyId"),
        entity.GetString("Province"),
        entity.GetString("Role"),
        entity.GetString("AgencyId"),
        entity.GetString("Label"),
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("CreatedBy") ?? string.Empty,
        entity.GetDateTimeOffset("RevokedAt"));
}
