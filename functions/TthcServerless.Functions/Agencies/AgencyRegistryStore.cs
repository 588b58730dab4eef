using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TthcServerless.Domain.Agencies;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Agencies;

/// <summary>Another writer changed the registry between our read and our write.</summary>
internal sealed class RegistryChangedException() : Exception("The agency registry changed concurrently.");

/// <summary>
/// A province's agency registry as one JSON document in blob storage (<c>registry/{province}/agencies.json</c>). It is
/// small, always read whole and validated whole, so one blob gives atomic replacement and ETag concurrency for free —
/// an import is never half-applied. Reads are cached and revalidated with If-None-Match.
/// </summary>
internal sealed class AgencyRegistryStore(StorageResources storage, TimeProvider time)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Snapshot> _cache = new(StringComparer.Ordinal);

    private sealed record Snapshot(AgencyRegistry Registry, ETag? ETag, DateTimeOffset CheckedAt);

    /// <summary>The province's registry and its ETag (null before the first save: the default levels and groups, no agencies).</summary>
    public async Task<(AgencyRegistry Registry, ETag? ETag)> GetAsync(string province, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _cache.TryGetValue(province, out var cached);
        if (cached is not null && now - cached.CheckedAt < FreshFor)
        {
            return (cached.Registry, cached.ETag);
        }

        var blob = await BlobAsync(province, cancellationToken).ConfigureAwait(false);
        try
        {
            var conditions = cached?.ETag is { } known ? new BlobRequestConditions { IfNoneMatch = known } : null;
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);

            // "Not modified" is an answer without a body, not an exception: keep the cached copy.
            if (download.GetRawResponse().Status == 304 && cached is not null)
            {
                _cache[province] = cached with { CheckedAt = now };
                return (cached.Registry, cached.ETag);
            }

            var document = download.Value.Content.ToObjectFromJson<AgencyRegistryDocument>(ApiJson.Default)
                ?? throw new JsonException("The stored registry is empty.");
            var snapshot = new Snapshot(document.ToRegistry(), download.Value.Details.ETag, now);
            _cache[province] = snapshot;
            return (snapshot.Registry, snapshot.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _cache[province] = new Snapshot(DefaultRegistry.Empty, null, now);
            return (DefaultRegistry.Empty, null);
        }
    }

    /// <summary>Saves the registry if nobody else saved since <paramref name="expected"/> was read; else throws <see cref="RegistryChangedException"/>.</summary>
    public async Task SaveAsync(string province, AgencyRegistry registry, ETag? expected, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(province, cancellationToken).ConfigureAwait(false);
        var content = BinaryData.FromObjectAsJson(AgencyRegistryDocument.From(registry), ApiJson.Default);
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            var result = await blob.UploadAsync(content, new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            }, cancellationToken).ConfigureAwait(false);
            _cache[province] = new Snapshot(registry, result.Value.ETag, time.GetUtcNow());
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            _cache.TryRemove(province, out _);
            throw new RegistryChangedException();
        }
    }

    private async Task<BlobClient> BlobAsync(string province, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync("registry", cancellationToken).ConfigureAwait(false);
        return container.GetBlobClient($"{province}/agencies.json");
    }
}
