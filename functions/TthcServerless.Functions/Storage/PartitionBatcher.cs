using Azure.Data.Tables;

namespace TthcServerless.Functions.Storage;

/// <summary>How a batched row is written.</summary>
internal enum RowWrite
{
    /// <summary>Insert or replace: the last write wins.</summary>
    Upsert,

    /// <summary>
    /// Insert, and a row that already exists is left as it is (it was written by an earlier delivery of the same work).
    /// For append-only rows whose key names their content; cheaper than an upsert on Azurite, which looks a row up twice
    /// for an upsert and once for an insert.
    /// </summary>
    InsertOnce,
}

/// <summary>
/// Group commit for idempotent table writes (<see cref="GroupCommit{TKey, TItem}"/> per table partition): concurrent
/// writers to one partition share entity group transactions sized by <see cref="TableTransactions"/> (a history row of
/// three long Vietnamese texts is ~75 KB once JSON-escaped). A writer's task completes when its
/// entities are committed, or fails with the transaction's error (nothing is partially acknowledged: a caller retries
/// its whole batch, and the writes are idempotent, so that is harmless).
/// </summary>
internal sealed class PartitionBatcher : IDisposable
{
    /// <summary>How long an idle partition waits for more writers: ingestion is background work, a few ms are free.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    private readonly GroupCommit<(string Table, string Partition, RowWrite Write), (TableClient Table, TableEntity[] Rows, int Units)> _commits;

    public PartitionBatcher(TimeProvider time)
        : this(Linger, time)
    {
    }

    public PartitionBatcher(TimeSpan linger, TimeProvider time) =>
        _commits = new(CommitAsync, item => item.Units, TableTransactions.MaxOperations, linger, time);

    public void Dispose() => _commits.Dispose();

    /// <summary>Writes entities of one partition; the same row twice in one call or one transaction keeps the last.</summary>
    public Task WriteAsync(TableClient table, string partition, IReadOnlyList<TableEntity> entities, RowWrite write)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(entities);
        return Task.WhenAll(TableTransactions.Chunks(entities, e => e).Select(chunk => _commits.AddAsync((table.Name, partition, write), (table, [.. chunk.Select(c => c.Item)], chunk.Sum(c => c.Units)))));
    }

    private static Task CommitAsync((string Table, string Partition, RowWrite Write) key, IReadOnlyList<(TableClient Table, TableEntity[] Rows, int Units)> items)
    {
        // The same row from two writers (a redelivered message) may appear once per transaction: keep the last.
        var rows = items.SelectMany(i => i.Rows).GroupBy(e => e.RowKey, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        return SubmitAsync(items[0].Table, rows, key.Write);
    }

    private static async Task SubmitAsync(TableClient table, List<TableEntity> rows, RowWrite write)
    {
        if (write == RowWrite.Upsert)
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))).ConfigureAwait(false);
            return;
        }

        var conflicts = 0;
        while (rows.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r))).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex is int existing && existing < rows.Count)
            {
                // That row is already there from an earlier delivery: leave it and insert the rest. A redelivered message
                // usually finds most of its rows there: after the second conflict, look them all up at once.
                rows.RemoveAt(existing);
                if (++conflicts == 2 && rows.Count > 0)
                {
                    var present = await ExistingRowKeysAsync(table, rows).ConfigureAwait(false);
                    rows.RemoveAll(r => present.Contains(r.RowKey));
                }
            }
        }
    }

    /// <summary>Which of these rows (one partition) exist, in one range query over their keys.</summary>
    private static async Task<HashSet<string>> ExistingRowKeysAsync(TableClient table, List<TableEntity> rows)
    {
        var partition = rows[0].PartitionKey;
        var keys = rows.Select(r => r.RowKey).Order(StringComparer.Ordinal).ToList();
        var (low, high) = (keys[0], keys[^1]);
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {low} and RowKey le {high}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"]).ConfigureAwait(false))
        {
            if (wanted.Contains(row.RowKey))
            {
                present.Add(row.RowKey);
            }
        }

        return present;
    }
}
