using Azure.Data.Tables;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// The one rule for sizing an entity group transaction: at most 100 operations and, estimated, 3.5 MB of payload (Azure
/// refuses a transaction over 4 MiB; Azurite does not check, so only this estimate keeps production safe). A row of
/// long Vietnamese text counts for more than one operation: a task row of four 8,000-character cells is ~64 KB once
/// JSON-escaped, so 100 of them would be ~6.5 MB.
/// </summary>
internal static class TableTransactions
{
    public const int MaxOperations = 100;

    /// <summary>The estimated payload a transaction may carry: Azure's limit is 4 MiB, with room for the envelope.</summary>
    public const long MaxBytes = 3_500_000;

    // A transaction holds 100 units: one per row, more for a row larger than a hundredth of the byte budget.
    private const long BytesPerUnit = MaxBytes / MaxOperations;

    /// <summary>Entities in transaction-sized chunks, in order, each with its weight in units (at most 100 units a chunk).</summary>
    public static IEnumerable<List<(T Item, int Units)>> Chunks<T>(IEnumerable<T> items, Func<T, ITableEntity> entityOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(entityOf);
        var chunk = new List<(T Item, int Units)>();
        var units = 0;
        foreach (var item in items)
        {
            var weight = Units(entityOf(item));
            if (chunk.Count > 0 && units + weight > MaxOperations)
            {
                yield return chunk;
                (chunk, units) = ([], 0);
            }

            chunk.Add((item, weight));
            units += weight;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>Actions in transaction-sized chunks, in order.</summary>
    public static IEnumerable<List<TableTransactionAction>> Chunks(IEnumerable<TableTransactionAction> actions) =>
        Chunks(actions, a => a.Entity).Select(chunk => chunk.ConvertAll(c => c.Item));

    /// <summary>A row's share of a transaction: 1, or more when its estimated size is over a hundredth of the budget.</summary>
    public static int Units(ITableEntity entity) => (int)Math.Min(MaxOperations, Math.Max(1, (EstimatedBytes(entity) + BytesPerUnit - 1) / BytesPerUnit));

    /// <summary>
    /// An upper estimate of a row's JSON in a transaction: the SDK escapes every non-ASCII character as \uXXXX (6 bytes),
    /// so text is counted at 6 bytes a character, plus a fixed allowance per property and per operation. An entity of
    /// another type than <see cref="TableEntity"/> (a key-only row) counts the allowance.
    /// </summary>
    public static long EstimatedBytes(ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long bytes = 400 + ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)) * 6L;
        if (entity is TableEntity row)
        {
            foreach (var (name, value) in row)
            {
                bytes += name.Length + 8 + (value is string text ? text.Length * 6L : 64);
            }
        }

        return bytes;
    }
}
