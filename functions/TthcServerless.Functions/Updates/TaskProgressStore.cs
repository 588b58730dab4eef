using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Domain.Progress;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Progress reports in table storage.
/// <list type="bullet">
/// <item><c>TaskProgress</c>, partition <c>{province}|{planId}</c>: history rows <c>h|{taskId}|{inverted time}|{updateId}</c>
/// (a task's history is a row-key range, newest first) and snapshots <c>s|{agencyId}|{taskId}</c>. A history row and the
/// snapshot it changes go in the same entity group transaction, the snapshot guarded by its ETag: either both are
/// written or neither, and concurrent writers never overwrite each other.</item>
/// <item><c>TaskUpdateIndex</c>, partition <c>{province}|{yyyyMMddHH}</c> (the hour the update id carries), row = update id:
/// where an update stands (queued, stored, rejected) and where it belongs.</item>
/// <item><c>IdempotencyKeys</c>, partition <c>{province}|{agencyId}</c>, row = SHA-256 of the key.</item>
/// </list>
/// Snapshots are cached with their ETags after the first read, so a steady stream of reports writes without reading;
/// a 412 from another writer drops the cached copy and the transaction is recomputed from storage.
/// </summary>
internal sealed partial class TaskProgressStore(StorageResources storage, TimeProvider time, ILogger<TaskProgressStore> logger)
{
    private const string ProgressTable = "TaskProgress";
    private const string IndexTable = "TaskUpdateIndex";
    private const string IdempotencyTable = "IdempotencyKeys";
    private const int MaxConflictRetries = 8;

    private readonly ConcurrentDictionary<(string Partition, string Row), CachedSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _partitionGates = new(StringComparer.Ordinal);

    private sealed record CachedSnapshot(AssignmentProgress? Progress, ETag ETag)
    {
        public bool Exists => ETag != default;
    }

    /// <summary>
    /// Appends the updates to history and refreshes their assignments' snapshots. Idempotent: storing an update twice
    /// leaves one history row and the same snapshot.
    /// </summary>
    public async Task StoreAsync(string province, string planId, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ProgressTable, cancellationToken).ConfigureAwait(false);
        var partition = ProgressPartition(province, planId);
        var byAssignment = updates.GroupBy(u => SnapshotRow(u.AgencyId, u.TaskId), StringComparer.Ordinal).ToList();

        // One writer per plan partition in this process: batches of the same plan do not fight over snapshots here;
        // other processes are kept honest by the ETags.
        var gate = _partitionGates.GetOrAdd(partition, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var snapshots = await LoadSnapshotsAsync(table, partition, byAssignment.Select(g => g.Key), cancellationToken).ConfigureAwait(false);
                var chunks = Plan(partition, byAssignment, snapshots);
                try
                {
                    foreach (var chunk in chunks)
                    {
                        var responses = await table.SubmitTransactionAsync(chunk.Actions, cancellationToken).ConfigureAwait(false);
                        foreach (var (index, row, progress) in chunk.Snapshots)
                        {
                            _snapshots[(partition, row)] = new CachedSnapshot(progress, responses.Value[index].Headers.ETag ?? default);
                        }
                    }

                    return;
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxConflictRetries)
                {
                    // Another writer changed a snapshot since we read it: forget what we knew and recompute.
                    foreach (var group in byAssignment)
                    {
                        _snapshots.TryRemove((partition, group.Key), out _);
                    }

                    LogConflict(logger, partition, attempt + 1);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records that updates were accepted (queued). Merges, so it never hides an outcome already recorded.</summary>
    public Task RecordAcceptedAsync(IReadOnlyList<QueuedTaskUpdate> updates, CancellationToken cancellationToken) =>
        MergeIndexAsync(updates, update => new TableEntity
        {
            ["PlanId"] = update.Update.PlanId,
            ["TaskId"] = update.Update.TaskId,
            ["AgencyId"] = update.Update.AgencyId,
            ["AcceptedAt"] = update.Update.ReportedAt,
        }, cancellationToken);

    /// <summary>Records the outcome of updates: <c>stored</c>, or <c>rejected</c> with the reason.</summary>
    public Task RecordOutcomeAsync(IReadOnlyList<QueuedTaskUpdate> updates, string state, string? reason, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        return MergeIndexAsync(updates, update => new TableEntity
        {
            ["PlanId"] = update.Update.PlanId,
            ["TaskId"] = update.Update.TaskId,
            ["AgencyId"] = update.Update.AgencyId,
            ["AcceptedAt"] = update.Update.ReportedAt,
            ["State"] = state,
            ["Reason"] = reason,
            ["DecidedAt"] = at,
        }, cancellationToken);
    }

    public async Task<TaskUpdateStatus?> GetStatusAsync(string province, string updateId, CancellationToken cancellationToken)
    {
        if (UpdateIds.TimeOf(updateId) is not { } acceptedAt)
        {
            return null;
        }

        var table = await storage.TableAsync(IndexTable, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(IndexPartition(province, acceptedAt), updateId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }

        var entity = row.Value!;
        var state = entity.GetString("State") ?? "queued";
        return new TaskUpdateStatus(
            updateId, state, entity.GetString("PlanId"), entity.GetString("TaskId"), entity.GetString("AgencyId"),
            entity.GetDateTimeOffset("AcceptedAt") ?? acceptedAt, state == "stored" ? entity.GetDateTimeOffset("DecidedAt") : null, entity.GetString("Reason"));
    }

    /// <summary>
    /// Claims an idempotency key for a request. The first claim wins and is returned to every later claim, so a retried
    /// request gets the first request's id and time back.
    /// </summary>
    public async Task<(string UpdateId, DateTimeOffset ReportedAt, string RequestHash)> ClaimIdempotencyKeyAsync(
        string province, string agencyId, string key, string updateId, DateTimeOffset reportedAt, string requestHash, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(IdempotencyTable, cancellationToken).ConfigureAwait(false);
        var partition = $"{province}|{agencyId}";
        var row = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, row) { ["UpdateId"] = updateId, ["ReportedAt"] = reportedAt, ["RequestHash"] = requestHash }, cancellationToken).ConfigureAwait(false);
            return (updateId, reportedAt, requestHash);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return (existing.GetString("UpdateId"), existing.GetDateTimeOffset("ReportedAt")!.Value, existing.GetString("RequestHash"));
        }
    }

    /// <summary>A task's history, newest first, one page at a time; optionally one agency's rows only.</summary>
    public async Task<TaskUpdateHistoryPage> GetHistoryAsync(
        string province, string planId, string taskId, string? agencyId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ProgressTable, cancellationToken).ConfigureAwait(false);
        var partition = ProgressPartition(province, planId);
        var from = $"h|{taskId}|";
        var to = $"h|{taskId}}}";
        var filter = agencyId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to} and AgencyId eq {agencyId}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(DecodeToken(continuationToken), pageSize).ConfigureAwait(false))
        {
            return new TaskUpdateHistoryPage([.. page.Values.Select(ToHistoryItem)], EncodeToken(page.ContinuationToken));
        }

        return new TaskUpdateHistoryPage([], null);
    }

    public async Task<AssignmentProgress?> GetProgressAsync(string province, string planId, string agencyId, string taskId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(ProgressTable, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ProgressPartition(province, planId), SnapshotRow(agencyId, taskId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToProgress(row.Value!) : null;
    }

    /// <summary>Turns updates into transactions: per assignment its history rows and (when it changes) its snapshot, at most 100 operations each.</summary>
    private static List<(List<TableTransactionAction> Actions, List<(int Index, string Row, AssignmentProgress Progress)> Snapshots)> Plan(
        string partition, List<IGrouping<string, TaskUpdate>> byAssignment, IReadOnlyDictionary<string, CachedSnapshot> snapshots)
    {
        var chunks = new List<(List<TableTransactionAction>, List<(int, string, AssignmentProgress)>)>();
        var actions = new List<TableTransactionAction>();
        var written = new List<(int, string, AssignmentProgress)>();
        foreach (var group in byAssignment)
        {
            var current = snapshots[group.Key];
            var next = group.OrderBy(u => u.ReportedAt.UtcTicks).ThenBy(u => u.UpdateId, StringComparer.Ordinal)
                .Aggregate(current.Progress, (progress, update) => AssignmentProgress.Apply(progress, update))!;
            var groupActions = group.DistinctBy(u => u.UpdateId)
                .Select(u => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToHistoryEntity(partition, u)))
                .ToList();
            var changed = !next.Equals(current.Progress);
            if (actions.Count + groupActions.Count + (changed ? 1 : 0) > 100 && actions.Count > 0)
            {
                chunks.Add((actions, written));
                actions = [];
                written = [];
            }

            actions.AddRange(groupActions);
            if (changed)
            {
                var agencyTask = group.First();
                var entity = ToSnapshotEntity(partition, group.Key, agencyTask.AgencyId, agencyTask.TaskId, next);
                written.Add((actions.Count, group.Key, next));
                actions.Add(current.Exists
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, entity));
            }
        }

        if (actions.Count > 0)
        {
            chunks.Add((actions, written));
        }

        return chunks;
    }

    private async Task<Dictionary<string, CachedSnapshot>> LoadSnapshotsAsync(TableClient table, string partition, IEnumerable<string> rows, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, CachedSnapshot>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var row in rows)
        {
            if (_snapshots.TryGetValue((partition, row), out var cached))
            {
                result[row] = cached;
            }
            else
            {
                missing.Add(row);
            }
        }

        var loaded = new ConcurrentDictionary<string, CachedSnapshot>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (row, token) =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: token).ConfigureAwait(false);
            loaded[row] = response.HasValue ? new CachedSnapshot(ToProgress(response.Value!), response.Value!.ETag) : new CachedSnapshot(null, default);
        }).ConfigureAwait(false);

        foreach (var (row, snapshot) in loaded)
        {
            _snapshots[(partition, row)] = snapshot;
            result[row] = snapshot;
        }

        return result;
    }

    private async Task MergeIndexAsync(IReadOnlyList<QueuedTaskUpdate> updates, Func<QueuedTaskUpdate, TableEntity> fields, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(IndexTable, cancellationToken).ConfigureAwait(false);
        var byPartition = updates
            .Select(u => (Partition: IndexPartition(u.Province, UpdateIds.TimeOf(u.Update.UpdateId) ?? u.Update.ReportedAt), Update: u))
            .GroupBy(x => x.Partition, StringComparer.Ordinal);
        foreach (var group in byPartition)
        {
            foreach (var chunk in group.DistinctBy(x => x.Update.Update.UpdateId).Chunk(100))
            {
                var actions = chunk.Select(x =>
                {
                    var entity = fields(x.Update);
                    entity.PartitionKey = group.Key;
                    entity.RowKey = x.Update.Update.UpdateId;
                    return new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity);
                });
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string ProgressPartition(string province, string planId) => $"{province}|{planId}";

    private static string SnapshotRow(string agencyId, string taskId) => $"s|{agencyId}|{taskId}";

    private static string IndexPartition(string province, DateTimeOffset acceptedAt) =>
        $"{province}|{acceptedAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}";

    private static string HistoryRow(TaskUpdate update) =>
        $"h|{update.TaskId}|{DateTimeOffset.MaxValue.UtcTicks - update.ReportedAt.UtcTicks:D19}|{update.UpdateId}";

    private static TableEntity ToHistoryEntity(string partition, TaskUpdate update) => new(partition, HistoryRow(update))
    {
        ["UpdateId"] = update.UpdateId,
        ["TaskId"] = update.TaskId,
        ["AgencyId"] = update.AgencyId,
        ["ReportedAt"] = update.ReportedAt,
        ["ReportedBy"] = update.ReportedBy,
        ["Status"] = update.Status.ToString(),
        ["ProgressPercent"] = update.ProgressPercent,
        ["CompletedOn"] = Iso(update.CompletedOn),
        ["OutputNumber"] = update.OutputDocument?.Number,
        ["OutputDate"] = Iso(update.OutputDocument?.Date),
        ["OutputTitle"] = update.OutputDocument?.Title,
        ["Summary"] = update.Summary,
        ["Difficulties"] = update.Difficulties,
        ["Proposals"] = update.Proposals,
        ["Period"] = update.PeriodId,
    };

    private static TaskUpdateHistoryItem ToHistoryItem(TableEntity entity) => new(
        entity.GetString("UpdateId"),
        entity.GetString("AgencyId"),
        entity.GetDateTimeOffset("ReportedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ReportedBy") ?? string.Empty,
        Enum.Parse<TaskProgressStatus>(entity.GetString("Status")),
        entity.GetInt32("ProgressPercent"),
        ParseDate(entity.GetString("CompletedOn")),
        ToDocument(entity),
        entity.GetString("Summary"),
        entity.GetString("Difficulties"),
        entity.GetString("Proposals"),
        entity.GetString("Period") ?? string.Empty);

    private static TableEntity ToSnapshotEntity(string partition, string row, string agencyId, string taskId, AssignmentProgress progress) => new(partition, row)
    {
        ["AgencyId"] = agencyId,
        ["TaskId"] = taskId,
        ["LatestUpdateId"] = progress.LatestUpdateId,
        ["LatestReportedAt"] = progress.LatestReportedAt,
        ["Status"] = progress.Status.ToString(),
        ["ProgressPercent"] = progress.ProgressPercent,
        ["CompletedOn"] = Iso(progress.CompletedOn),
        ["OutputNumber"] = progress.OutputDocument?.Number,
        ["OutputDate"] = Iso(progress.OutputDocument?.Date),
        ["OutputTitle"] = progress.OutputDocument?.Title,
        ["FirstReportedAt"] = progress.FirstReportedAt,
        ["ReportedPeriods"] = JsonSerializer.Serialize(progress.ReportedPeriods, ApiJson.Default),
    };

    private static AssignmentProgress ToProgress(TableEntity entity) => new(
        entity.GetString("LatestUpdateId"),
        entity.GetDateTimeOffset("LatestReportedAt") ?? DateTimeOffset.MinValue,
        Enum.Parse<TaskProgressStatus>(entity.GetString("Status")),
        entity.GetInt32("ProgressPercent"),
        ParseDate(entity.GetString("CompletedOn")),
        ToDocument(entity),
        entity.GetDateTimeOffset("FirstReportedAt") ?? DateTimeOffset.MinValue,
        JsonSerializer.Deserialize<List<string>>(entity.GetString("ReportedPeriods") ?? "[]", ApiJson.Default) ?? []);

    private static OutputDocument? ToDocument(TableEntity entity)
    {
        var number = entity.GetString("OutputNumber");
        var date = ParseDate(entity.GetString("OutputDate"));
        var title = entity.GetString("OutputTitle");
        return number is null && date is null && title is null ? null : new OutputDocument(number, date, title);
    }

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? EncodeToken(string? token) =>
        token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot conflict in {Partition}; recomputing (attempt {Attempt})")]
    private static partial void LogConflict(ILogger logger, string partition, int attempt);
}
