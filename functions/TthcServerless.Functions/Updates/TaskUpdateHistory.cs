using Azure;
using Azure.Data.Tables;
using TthcServerless.Domain.Progress;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Every report ever stored, in table <c>TaskUpdates</c>: partition <c>{province}|{planId}|{taskId}</c>, row
/// <c>{inverted time}|{updateId}</c>, so a task's history is one partition, newest first, and a plan's is one range.
/// Rule: a row is written once (<see cref="RowWrite.InsertOnce"/>), so a message stored twice leaves one row per update.
/// Writes to one partition are group-committed (<see cref="PartitionBatcher"/>): concurrent ingestions share transactions.
/// </summary>
internal sealed class TaskUpdateHistory(StorageResources storage, PartitionBatcher batcher, PageToken pageTokens)
{
    private const string Table = "TaskUpdates";

    /// <summary>Appends updates to their tasks' history; an update already there is left as it is.</summary>
    public async Task AppendAsync(string province, string planId, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(updates.GroupBy(u => u.TaskId, StringComparer.Ordinal).Select(task =>
        {
            var partition = Partition(province, planId, task.Key);
            return batcher.WriteAsync(table, partition, [.. task.Select(u => ToEntity(partition, u))], RowWrite.InsertOnce);
        })).ConfigureAwait(false);
    }

    /// <summary>Whether the update's row is in storage (one point read).</summary>
    public async Task<bool> ContainsAsync(string province, TaskUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(province, update.PlanId, update.TaskId), Row(update), ["RowKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }

    /// <summary>
    /// Every update of a plan, every task's history (reports recompute standings from it): one range of partitions,
    /// read in full pages.
    /// </summary>
    public async Task<IReadOnlyList<TaskUpdate>> ListPlanAsync(string province, string planId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var (low, high) = ($"{province}|{planId}|", $"{province}|{planId}}}");
        var updates = new List<TaskUpdate>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey gt {low} and PartitionKey lt {high}"),
            maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var item = ToItem(entity);
            updates.Add(new TaskUpdate(item.UpdateId, planId, entity.GetString("TaskId"), item.AgencyId, item.ReportedAt, item.ReportedBy, item.Status,
                item.ProgressPercent, item.CompletedOn, item.OutputDocument, item.Summary, item.Difficulties, item.Proposals, item.Period));
        }

        return updates;
    }

    /// <summary>A task's history, newest first, one page at a time; optionally one agency's rows only.</summary>
    public async Task<TaskUpdateHistoryPage> GetPageAsync(
        string province, string planId, string taskId, string? agencyId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = Partition(province, planId, taskId);
        var filter = agencyId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and AgencyId eq {agencyId}");
        // A token belongs to this query: the table, the partition and the filter.
        var scope = $"{Table}\n{filter}";
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(continuationToken is null ? null : pageTokens.Decode(scope, continuationToken), pageSize).ConfigureAwait(false))
            {
                return new TaskUpdateHistoryPage([.. page.Values.Select(ToItem)], pageTokens.Encode(scope, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (PageToken.IsRefusal(ex, continuationToken))
        {
            throw new InvalidPageTokenException(ex);
        }

        return new TaskUpdateHistoryPage([], null);
    }

    private static string Partition(string province, string planId, string taskId) => $"{province}|{planId}|{taskId}";

    private static string Row(TaskUpdate update) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - update.ReportedAt.UtcTicks:D19}|{update.UpdateId}";

    private static TableEntity ToEntity(string partition, TaskUpdate update)
    {
        var entity = new TableEntity(partition, Row(update))
        {
            ["UpdateId"] = update.UpdateId,
            ["TaskId"] = update.TaskId,
            ["AgencyId"] = update.AgencyId,
            ["ReportedAt"] = update.ReportedAt,
            ["ReportedBy"] = update.ReportedBy,
            ["Status"] = update.Status.ToString(),
            ["ProgressPercent"] = update.ProgressPercent,
            ["CompletedOn"] = ProgressColumns.Iso(update.CompletedOn),
            ["Summary"] = update.Summary,
            ["Difficulties"] = update.Difficulties,
            ["Proposals"] = update.Proposals,
            ["Period"] = update.PeriodId,
        };
        ProgressColumns.WriteDocument(entity, update.OutputDocument);
        return entity;
    }

    private static TaskUpdateHistoryItem ToItem(TableEntity entity) => new(
        entity.GetString("UpdateId"),
        entity.GetString("AgencyId"),
        entity.GetDateTimeOffset("ReportedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ReportedBy") ?? string.Empty,
        Enum.Parse<TaskProgressStatus>(entity.GetString("Status")),
        entity.GetInt32("ProgressPercent"),
        ProgressColumns.ParseDate(entity.GetString("CompletedOn")),
        ProgressColumns.ReadDocument(entity),
        entity.GetString("Summary"),
        entity.GetString("Difficulties"),
        entity.GetString("Proposals"),
        entity.GetString("Period") ?? string.Empty);
}
