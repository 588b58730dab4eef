using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// Tables, blob containers and queues by logical name, created on first use and remembered for the life of the process. Nothing
/// is created at start-up: the host gives the process 30 s to listen, and a storage outage must not stop it starting.
/// </summary>
internal sealed class StorageResources
{
    private readonly IServiceProvider _services;
    private readonly StorageNames _names;

    public StorageResources(IServiceProvider services, StorageNames names, MissingResourcePolicy missing)
    {
        _services = services;
        _names = names;
        ArgumentNullException.ThrowIfNull(missing);
        missing.OnMissing(Forget);
    }

    /// <summary>
    /// Forget that a table, container or queue exists (storage answered "…NotFound" for it: deleted, or an emulator restarted
    /// empty); the next use creates it again instead of failing for the life of the process.
    /// </summary>
    public void Forget(string physicalName)
    {
        foreach (var key in _tables.Keys.Where(k => string.Equals(_names.Table(k), physicalName, StringComparison.OrdinalIgnoreCase)))
        {
            _tables.TryRemove(key, out _);
        }

        foreach (var key in _containers.Keys.Where(k => _names.Container(k) == physicalName))
        {
            _containers.TryRemove(key, out _);
        }

        foreach (var key in _queues.Keys.Where(k => _names.Queue(k) == physicalName))
        {
            _queues.TryRemove(key, out _);
        }
    }

    // Resolved on first use: resolving a client needs storage configuration, which a request that never touches
    // storage (the health check, a 401) must not depend on.
    private TableServiceClient Tables => _services.GetRequiredService<TableServiceClient>();

    private BlobServiceClient Blobs => _services.GetRequiredService<BlobServiceClient>();

    private QueueServiceClient Queues => _services.GetRequiredService<QueueServiceClient>();

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);

    public Task<TableClient> TableAsync(string logicalName, CancellationToken cancellationToken) =>
        Remember(_tables, logicalName, async () =>
        {
            var client = Tables.GetTableClient(_names.Table(logicalName));
            await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
            return client;
        }, cancellationToken);

    public Task<BlobContainerClient> ContainerAsync(string logicalName, CancellationToken cancellationToken) =>
        Remember(_containers, logicalName, async () =>
        {
            var client = Blobs.GetBlobContainerClient(_names.Container(logicalName));
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return client;
        }, cancellationToken);

    /// <summary>A queue by logical name (the producers' side: base64 encoding as host.json says), created on first use.</summary>
    public Task<QueueClient> QueueAsync(string logicalName, CancellationToken cancellationToken) =>
        Remember(_queues, logicalName, async () =>
        {
            var client = Queues.GetQueueClient(_names.Queue(logicalName));
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return client;
        }, cancellationToken);

    /// <summary>
    /// Sends a message to a queue, creating the queue first if needed; a queue deleted under us is created again and the
    /// message sent once more. Completes when the message is durably queued.
    /// </summary>
    public async Task SendAsync(string logicalQueueName, BinaryData message, CancellationToken cancellationToken, TimeSpan? visibleAfter = null)
    {
        var queue = await QueueAsync(logicalQueueName, cancellationToken).ConfigureAwait(false);
        try
        {
            await queue.SendMessageAsync(message, visibleAfter, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (MissingResourcePolicy.IsMissingResource(ex.ErrorCode))
        {
            // The pipeline policy already made us forget the queue: the next lookup creates it again.
            Forget(queue.Name);
            queue = await QueueAsync(logicalQueueName, cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(message, visibleAfter, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    // The creation is shared by every caller that arrives while it runs, so it runs without any one caller's token (the
    // storage retry policy bounds it): a first caller that gives up must not fail the others. Each caller waits with
    // its own token.
    private static async Task<T> Remember<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, Func<Task<T>> create, CancellationToken cancellationToken)
    {
        var lazy = cache.GetOrAdd(name, _ => new Lazy<Task<T>>(create));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // This caller gave up; the creation goes on for the others.
            throw;
        }
        catch
        {
            // A failed creation (storage down) is not remembered: the next call tries again.
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(name, lazy));
            throw;
        }
    }
}
