using System.Globalization;
using Azure.Data.Tables;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// How each accepted update ended, where its status URL looks: table <c>TaskUpdateOutcomes</c>, partition
/// <c>{province}|{yyyyMMddHHmmssf}</c> (the tenth of a second the update was accepted in, read from the id itself), row =
/// update id. Updates that travel in one queue message were accepted within milliseconds of each other, so their outcomes
/// are one or two transactions, and no partition holds more than a tenth of a second's updates. Rule: <c>stored</c>
/// always wins and <c>rejected</c> never replaces it.
/// </summary>
internal sealed class UpdateOutcomes(StorageResources storage, PartitionBatcher batcher, TimeProvider time)
{
    private const string Table = "TaskUpdateOutcomes";

    /// <summary>Updates not yet decided read as queued for as long as the queue keeps a message.</summary>
    public static readonly TimeSpan QueueTimeToLive = TimeSpan.FromDays(7);

    /// <summary>
    /// Records the outcome of updates: <c>stored</c>, or <c>rejected</c> with the reason. <c>stored</c> always wins (the
    /// history has the row: a poisoned message an operator requeued after fixing the cause reads stored), and
    /// <c>rejected</c> never replaces it (the last attempt of a failing message cannot undo what an earlier one stored).
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<QueuedTaskUpdate> updates, string state, string? reason, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var at = time.GetUtcNow();
        await Task.WhenAll(updates
            .GroupBy(u => Partition(u.Province, u.Update.UpdateId, u.Update.ReportedAt), StringComparer.Ordinal)
            .Select(group => batcher.WriteAsync(table, group.Key, [.. group.Select(u => new TableEntity(group.Key, u.Update.UpdateId)
            {
                ["PlanId"] = u.Update.PlanId,
                ["TaskId"] = u.Update.TaskId,
                ["AgencyId"] = u.Update.AgencyId,
                ["AcceptedAt"] = u.Update.ReportedAt,
                ["State"] = state,
                ["Reason"] = reason,
                ["DecidedAt"] = at,
            })], state == TaskUpdateStates.Stored ? RowWrite.Upsert : RowWrite.InsertOnce))).ConfigureAwait(false);
    }

    /// <summary>
    /// An update's outcome, or "queued" for an update id that has none yet and is young enough to still be in the
    /// queue; null when the id is not one or is too old to be pending.
    /// </summary>
    public async Task<TaskUpdateStatus?> GetStatusAsync(string province, string updateId, CancellationToken cancellationToken)
    {
        if (UpdateIds.TimeOf(updateId) is not { } acceptedAt)
        {
            return null;
        }

        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(province, updateId, acceptedAt), updateId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (row.HasValue)
        {
            var entity = row.Value!;
            var state = entity.GetString("State");
            return new TaskUpdateStatus(
                updateId, state, entity.GetString("PlanId"), entity.GetString("TaskId"), entity.GetString("AgencyId"),
                entity.GetDateTimeOffset("AcceptedAt") ?? acceptedAt, state == TaskUpdateStates.Stored ? entity.GetDateTimeOffset("DecidedAt") : null, entity.GetString("Reason"));
        }

        var age = time.GetUtcNow() - acceptedAt;
        return age >= TimeSpan.FromMinutes(-1) && age < QueueTimeToLive
            ? new TaskUpdateStatus(updateId, TaskUpdateStates.Queued, string.Empty, string.Empty, string.Empty, acceptedAt, null, null)
            : null;
    }

    /// <summary>
    /// When and how each of <paramref name="updateIds"/> was decided (stored or rejected); ids without an outcome are
    /// absent. One query per outcome partition (a tenth of a second of acceptances), not one read per update.
    /// </summary>
    public async Task<Dictionary<string, (DateTimeOffset DecidedAt, string? State)>> GetManyAsync(string province, IReadOnlyList<string> updateIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updateIds);
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var decided = new Dictionary<string, (DateTimeOffset DecidedAt, string? State)>(StringComparer.Ordinal);
        foreach (var partition in updateIds.Where(id => UpdateIds.TimeOf(id) is not null).GroupBy(id => Partition(province, id, default), StringComparer.Ordinal))
        {
            var wanted = partition.ToHashSet(StringComparer.Ordinal);
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition.Key}"), select: ["RowKey", "DecidedAt", "State"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (wanted.Contains(row.RowKey))
                {
                    decided[row.RowKey] = (row.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue, row.GetString("State"));
                }
            }
        }

        return decided;
    }

    private static string Partition(string province, string updateId, DateTimeOffset fallback) =>
        $"{province}|{(UpdateIds.TimeOf(updateId) ?? fallback).UtcDateTime.ToString("yyyyMMddHHmmssf", CultureInfo.InvariantCulture)}";
}
