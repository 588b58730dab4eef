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
/// Progress reports in table storage, laid out so a burst of reports spreads over many partitions and every read the
/// app makes is one partition or one range:
/// <list type="bullet">
/// <item><c>TaskUpdates</c> (history), partition <c>{province}|{planId}|{taskId}</c>, row <c>{inverted time}|{updateId}</c>:
/// a task's history is one partition, newest first.</item>
/// <item><c>AssignmentProgress</c> (snapshots), partition <c>{province}|{planId}|{agencyId}</c>, row = task id: an agency's
/// assignments are one partition, a plan's are one range. Written with ETags: concurrent writers never overwrite.</item>
/// <item><c>TaskUpdateOutcomes</c>, partition <c>{province}|{yyyyMMddHHmmssf}</c> (the tenth of a second the update was
/// accepted in, read from the id itself), row = update id: where the status URL looks. Updates that travel in one queue
/// message were accepted within milliseconds of each other, so their outcomes are one or two transactions, and no
/// partition holds more than a tenth of a second's updates.</item>
/// <item><c>IdempotencyKeys</c>, partition <c>{province}|{agencyId}</c>, row = SHA-256 of the key.</item>
/// </list>
/// Writes to one partition are group-committed (<see cref="PartitionBatcher"/>): concurrent ingestions share
/// transactions. History rows are written before snapshots, and both writes are idempotent, so a message retried after
/// a failure anywhere converges on one history row per update and the right snapshot.
/// </summary>
internal sealed partial class TaskProgressStore : IDisposable
{
    private const string HistoryTable = "TaskUpdates";
    private const string SnapshotTable = "AssignmentProgress";
    private const string OutcomeTable = "TaskUpdateOutcomes";
    private const string IdempotencyTable = "IdempotencyKeys";
    private const int MaxConflictRetries = 8;

    /// <summary>Updates not yet decided read as queued for as long as the queue keeps a message.</summary>
    public static readonly TimeSpan QueueTimeToLive = TimeSpan.FromDays(7);

    private readonly StorageResources _storage;
    private readonly PartitionBatcher _batcher;
    private readonly TimeProvider _time;
    private readonly PageToken _pageTokens;
    private readonly ILogger<TaskProgressStore> _logger;

    private readonly ConcurrentDictionary<(string Partition, string Row), CachedSnapshot> _snapshots = new();
    private readonly GroupCommit<string, (TableClient Table, IReadOnlyList<TaskUpdate> Updates)> _snapshotCommits;

    public TaskProgressStore(StorageResources storage, PartitionBatcher batcher, PageToken pageTokens, TimeProvider time, ILogger<TaskProgressStore> logger)
    {
        _pageTokens = pageTokens;
        _storage = storage;
        _batcher = batcher;
        _time = time;
        _logger = logger;
        _snapshotCommits = new(CommitSnapshotsAsync, item => item.Updates.Count, TableTransactions.MaxOperations, PartitionBatcher.Linger, time);
    }

    public void Dispose() => _snapshotCommits.Dispose();

    /// <summary>
    /// Appends updates to their tasks' history and refreshes their assignments' snapshots. Idempotent: storing an update
    /// twice leaves one history row and the same snapshot.
    /// </summary>
    public async Task StoreAsync(string province, string planId, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        var history = await _storage.TableAsync(HistoryTable, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(updates.GroupBy(u => u.TaskId, StringComparer.Ordinal).Select(task =>
        {
            var partition = HistoryPartition(province, planId, task.Key);
            return _batcher.WriteAsync(history, partition, [.. task.Select(u => ToHistoryEntity(partition, u))], RowWrite.InsertOnce);
        })).ConfigureAwait(false);

        var snapshots = await _storage.TableAsync(SnapshotTable, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(updates.GroupBy(u => u.AgencyId, StringComparer.Ordinal).Select(agency =>
            ApplyToSnapshotsAsync(snapshots, SnapshotPartition(province, planId, agency.Key), [.. agency])))
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Records the outcome of updates: <c>stored</c>, or <c>rejected</c> with the reason. <c>stored</c> always wins (the
    /// history has the row: a poisoned message an operator requeued after fixing the cause reads stored), and
    /// <c>rejected</c> never replaces it (the last attempt of a failing message cannot undo what an earlier one stored).
    /// </summary>
    public async Task RecordOutcomeAsync(IReadOnlyList<QueuedTaskUpdate> updates, string state, string? reason, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(OutcomeTable, cancellationToken).ConfigureAwait(false);
        var at = _time.GetUtcNow();
        await Task.WhenAll(updates
            .GroupBy(u => OutcomePartition(u.Province, u.Update.UpdateId, u.Update.ReportedAt), StringComparer.Ordinal)
            .Select(group => _batcher.WriteAsync(table, group.Key, [.. group.Select(u => new TableEntity(group.Key, u.Update.UpdateId)
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

        var table = await _storage.TableAsync(OutcomeTable, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(OutcomePartition(province, updateId, acceptedAt), updateId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (row.HasValue)
        {
            var entity = row.Value!;
            var state = entity.GetString("State");
            return new TaskUpdateStatus(
                updateId, state, entity.GetString("PlanId"), entity.GetString("TaskId"), entity.GetString("AgencyId"),
                entity.GetDateTimeOffset("AcceptedAt") ?? acceptedAt, state == TaskUpdateStates.Stored ? entity.GetDateTimeOffset("DecidedAt") : null, entity.GetString("Reason"));
        }

        var age = _time.GetUtcNow() - acceptedAt;
        return age >= TimeSpan.FromMinutes(-1) && age < QueueTimeToLive
            ? new TaskUpdateStatus(updateId, TaskUpdateStates.Queued, string.Empty, string.Empty, string.Empty, acceptedAt, null, null)
            : null;
    }

    /// <summary>
    /// When and how each of <paramref name="updateIds"/> was decided (stored or rejected); ids without an outcome are
    /// absent. One query per outcome partition (a tenth of a second of acceptances), not one read per update.
    /// </summary>
    public async Task<Dictionary<string, (DateTimeOffset DecidedAt, string? State)>> GetOutcomesAsync(string province, IReadOnlyList<string> updateIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updateIds);
        var table = await _storage.TableAsync(OutcomeTable, cancellationToken).ConfigureAwait(false);
        var decided = new Dictionary<string, (DateTimeOffset DecidedAt, string? State)>(StringComparer.Ordinal);
        foreach (var partition in updateIds.Where(id => UpdateIds.TimeOf(id) is not null).GroupBy(id => OutcomePartition(province, id, default), StringComparer.Ordinal))
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

    /// <summary>Whether the update's history row is in storage (one point read).</summary>
    public async Task<bool> HasHistoryRowAsync(string province, TaskUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var table = await _storage.TableAsync(HistoryTable, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(HistoryPartition(province, update.PlanId, update.TaskId), HistoryRow(update), ["RowKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }

    /// <summary>
    /// Claims an idempotency key for a request. The first claim wins and is returned to every later claim, so a retried
    /// request gets the first request's id and time back.
    /// </summary>
    public async Task<(string UpdateId, DateTimeOffset ReportedAt, string RequestHash)> ClaimIdempotencyKeyAsync(
        string province, string agencyId, string key, string updateId, DateTimeOffset reportedAt, string requestHash, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(IdempotencyTable, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Every update of a plan, every task's history (reports recompute standings from it): one range of partitions,
    /// read in full pages.
    /// </summary>
    public async Task<IReadOnlyList<TaskUpdate>> GetPlanHistoryAsync(string province, string planId, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(HistoryTable, cancellationToken).ConfigureAwait(false);
        var (low, high) = ($"{province}|{planId}|", $"{province}|{planId}}}");
        var updates = new List<TaskUpdate>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey gt {low} and PartitionKey lt {high}"),
            maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var item = ToHistoryItem(entity);
            updates.Add(new TaskUpdate(item.UpdateId, planId, entity.GetString("TaskId"), item.AgencyId, item.ReportedAt, item.ReportedBy, item.Status,
                item.ProgressPercent, item.CompletedOn, item.OutputDocument, item.Summary, item.Difficulties, item.Proposals, item.Period));
        }

        return updates;
    }

    /// <summary>A task's history, newest first, one page at a time; optionally one agency's rows only.</summary>
    public async Task<TaskUpdateHistoryPage> GetHistoryAsync(
        string province, string planId, string taskId, string? agencyId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(HistoryTable, cancellationToken).ConfigureAwait(false);
        var partition = HistoryPartition(province, planId, taskId);
        var filter = agencyId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and AgencyId eq {agencyId}");
        // A token belongs to this query: the table, the partition and the filter.
        var scope = $"{HistoryTable}\n{filter}";
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(continuationToken is null ? null : _pageTokens.Decode(scope, continuationToken), pageSize).ConfigureAwait(false))
            {
                return new TaskUpdateHistoryPage([.. page.Values.Select(ToHistoryItem)], _pageTokens.Encode(scope, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (PageToken.IsRefusal(ex, continuationToken))
        {
            throw new InvalidPageTokenException(ex);
        }

        return new TaskUpdateHistoryPage([], null);
    }

    public async Task<AssignmentProgress?> GetProgressAsync(string province, string planId, string agencyId, string taskId, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(SnapshotTable, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(SnapshotPartition(province, planId, agencyId), taskId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToProgress(row.Value!) : null;
    }

    /// <summary>Every assignment's latest progress in a plan: one range query over the plan's agency partitions.</summary>
    public async Task<IReadOnlyDictionary<(string AgencyId, string TaskId), AssignmentProgress>> ListProgressAsync(
        string province, string planId, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(SnapshotTable, cancellationToken).ConfigureAwait(false);
        var prefix = $"{province}|{planId}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {$"{province}|{planId}}}"}");
        var progress = new Dictionary<(string, string), AssignmentProgress>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            progress[(entity.PartitionKey[prefix.Length..], entity.RowKey)] = ToProgress(entity);
        }

        return progress;
    }

    /// <summary>
    /// Group commit for snapshots: one commit per agency partition at a time folds every update waiting for it into one
    /// ETag-guarded transaction; a 412 from another process drops the cached snapshots and the transaction is recomputed
    /// from storage.
    /// </summary>
    private Task ApplyToSnapshotsAsync(TableClient table, string partition, IReadOnlyList<TaskUpdate> updates) =>
        _snapshotCommits.AddAsync(partition, (table, updates));

    // One transaction per 100 tasks: a single message may carry one agency's reports on more tasks than that.
    private Task CommitSnapshotsAsync(string partition, IReadOnlyList<(TableClient Table, IReadOnlyList<TaskUpdate> Updates)> items) =>
        Task.WhenAll(items.SelectMany(i => i.Updates).GroupBy(u => u.TaskId, StringComparer.Ordinal).Chunk(TableTransactions.MaxOperations)
            .Select(tasks => CommitSnapshotsAsync(items[0].Table, partition, [.. tasks])));

    private async Task CommitSnapshotsAsync(TableClient table, string partition, List<IGrouping<string, TaskUpdate>> byTask)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await LoadSnapshotsAsync(table, partition, byTask.Select(g => g.Key)).ConfigureAwait(false);
            var actions = new List<TableTransactionAction>();
            var written = new List<(string Row, AssignmentProgress Progress)>();
            foreach (var task in byTask)
            {
                var before = current[task.Key];
                var after = task.OrderBy(u => u.ReportedAt.UtcTicks).ThenBy(u => u.UpdateId, StringComparer.Ordinal)
                    .Aggregate(before.Progress, (progress, update) => AssignmentProgress.Apply(progress, update))!;
                if (after.Equals(before.Progress))
                {
                    continue;
                }

                var entity = ToSnapshotEntity(partition, task.Key, task.First().AgencyId, after);
                written.Add((task.Key, after));
                actions.Add(before.Exists
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, before.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, entity));
            }

            if (actions.Count == 0)
            {
                return;
            }

            try
            {
                // Snapshots carry a report's texts, so 100 of them can pass the byte budget: several transactions then.
                // If a later one conflicts, the retry reloads every row; the ones already written compare equal and are skipped.
                var offset = 0;
                foreach (var chunk in TableTransactions.Chunks(actions))
                {
                    var responses = await table.SubmitTransactionAsync(chunk).ConfigureAwait(false);
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        _snapshots[(partition, written[offset + i].Row)] = new CachedSnapshot(written[offset + i].Progress, responses.Value[i].Headers.ETag ?? default);
                    }

                    offset += chunk.Count;
                }

                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                // Another process changed a snapshot since we read it: forget what we knew and recompute.
                foreach (var task in byTask)
                {
                    _snapshots.TryRemove((partition, task.Key), out _);
                }

                LogConflict(_logger, partition, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), _time).ConfigureAwait(false);
            }
        }
    }

    private async Task<Dictionary<string, CachedSnapshot>> LoadSnapshotsAsync(TableClient table, string partition, IEnumerable<string> rows)
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

        if (missing.Count > 3)
        {
            // Several unknown snapshots of one agency: one partition read beats many point reads.
            await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")).ConfigureAwait(false))
            {
                _snapshots[(partition, entity.RowKey)] = new CachedSnapshot(ToProgress(entity), entity.ETag);
            }

            foreach (var row in missing)
            {
                result[row] = _snapshots.GetOrAdd((partition, row), new CachedSnapshot(null, default));
            }

            return result;
        }

        foreach (var row in missing)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row).ConfigureAwait(false);
            var snapshot = response.HasValue ? new CachedSnapshot(ToProgress(response.Value!), response.Value!.ETag) : new CachedSnapshot(null, default);
            _snapshots[(partition, row)] = snapshot;
            result[row] = snapshot;
        }

        return result;
    }

    private static string HistoryPartition(string province, string planId, string taskId) => $"{province}|{planId}|{taskId}";

    private static string SnapshotPartition(string province, string planId, string agencyId) => $"{province}|{planId}|{agencyId}";

    private static string OutcomePartition(string province, string updateId, DateTimeOffset fallback) =>
        $"{province}|{(UpdateIds.TimeOf(updateId) ?? fallback).UtcDateTime.ToString("yyyyMMddHHmmssf", CultureInfo.InvariantCulture)}";

    private static string HistoryRow(TaskUpdate update) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - update.ReportedAt.UtcTicks:D19}|{update.UpdateId}";

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

    private static TableEntity ToSnapshotEntity(string partition, string taskId, string agencyId, AssignmentProgress progress) => new(partition, taskId)
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
        ["OutputUpdateId"] = progress.DocumentUpdateId,
        ["OutputReportedAt"] = progress.DocumentReportedAt,
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
        JsonSerializer.Deserialize<List<string>>(entity.GetString("ReportedPeriods") ?? "[]", ApiJson.Default) ?? [],
        entity.GetString("OutputUpdateId"),
        entity.GetDateTimeOffset("OutputReportedAt"));

    private static OutputDocument? ToDocument(TableEntity entity)
    {
        var number = entity.GetString("OutputNumber");
        var date = ParseDate(entity.GetString("OutputDate"));
        var title = entity.GetString("OutputTitle");
        return number is null && date is null && title is null ? null : new OutputDocument(number, date, title);
    }

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot conflict in {Partition}; recomputing (attempt {Attempt})")]
    private static partial void LogConflict(ILogger logger, string partition, int attempt);

    private sealed record CachedSnapshot(AssignmentProgress? Progress, ETag ETag)
    {
        public bool Exists => ETag != default;
    }
}
