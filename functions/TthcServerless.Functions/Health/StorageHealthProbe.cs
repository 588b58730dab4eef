using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Health;

/// <summary>Whether one storage service answered, and how fast.</summary>
public sealed record ServiceHealth(bool Reachable, double DurationMs, string? Error);

/// <summary>Lists one table, container and queue to prove each storage service answers for our identity.</summary>
internal sealed class StorageHealthProbe(IServiceProvider services, StorageConnection connection)
{
    /// <summary>Long enough for a cold Azurite, short enough that a dead one does not hang the caller on SDK retries.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    public string ConnectionDescription => connection.Description;

    public async Task<IReadOnlyDictionary<string, ServiceHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var token = timeout.Token;

        var tables = ProbeAsync(async () =>
        {
            await foreach (var _ in services.GetRequiredService<TableServiceClient>().QueryAsync(maxPerPage: 1, cancellationToken: token).AsPages().ConfigureAwait(false))
            {
                break;
            }
        });
        var blobs = ProbeAsync(async () =>
        {
            await foreach (var _ in services.GetRequiredService<BlobServiceClient>().GetBlobContainersAsync(cancellationToken: token).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });
        var queues = ProbeAsync(async () =>
        {
            await foreach (var _ in services.GetRequiredService<QueueServiceClient>().GetQueuesAsync(cancellationToken: token).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });

        return new Dictionary<string, ServiceHealth>
        {
            ["tables"] = await tables.ConfigureAwait(false),
            ["blobs"] = await blobs.ConfigureAwait(false),
            ["queues"] = await queues.ConfigureAwait(false),
        };
    }

    private async Task<ServiceHealth> ProbeAsync(Func<Task> probe)
    {
        var started = Stopwatch.GetTimestamp();
        if (!connection.IsConfigured)
        {
            return new ServiceHealth(false, 0, $"Storage is {connection.Description}.");
        }

        try
        {
            await probe().ConfigureAwait(false);
            return new ServiceHealth(true, Elapsed(started), null);
        }
#pragma warning disable CA1031 // Any failure means "not reachable"; the health answer reports it instead of crashing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : FirstLine(ex.Message);
            return new ServiceHealth(false, Elapsed(started), reason);
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 200 ? line : line[..200];
    }
}
