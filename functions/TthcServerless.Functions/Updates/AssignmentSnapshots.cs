using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Domain.Progress;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Each assignment's latest progress, in table <c>AssignmentProgress</c>: partition <c>{province}|{planId}|{agencyId}</c>,
/// row = task id, so an agency's assignments are one partition and a plan's are one range. Rule: a snapshot is
/// written only under the ETag it was computed from, so concurrent writers never overwrite each other; what this process
/// last wrote is cached with its ETag, and a conflict drops the cache and recomputes from storage. Applying an update
/// twice gives the same snapshot (<see cref="AssignmentProgress.Apply"/>).
/// </summary>
internal sealed partial class AssignmentSnapshots : IDisposable
{
    private const string Table = "AssignmentProgress";
    private const int MaxConflictRetries = 8;

    private readonly StorageResources _storage;
    private readonly TimeProvider _time;
    private readonly ILogger<AssignmentSnapshots> _logger;
    private readonly ConcurrentDictionary<(string Partition, string Row), CachedSnapshot> _cache = new();
    private readonly GroupCommit<string, (TableClient Table, IReadOnlyList<TaskUpdate> Updates)> _commits;

    public AssignmentSnapshots(StorageResources storage, TimeProvider time, ILogger<AssignmentSnapshots> logger)
    {
        _storage = storage;
        _time = time;
        _logger = logger;
        _commits = new(CommitAsync, item => item.Updates.Count, TableTransactions.MaxOperations, PartitionBatcher.Linger, time);
    }

    public void Dispose() => _commits.Dispose();

    /// <summary>
    /// Folds updates into their assignments' snapshots. Group commit: one commit per agency partition at a time folds
    /// every update waiting for it into one ETag-guarded transaction.
    /// </summary>
    public async Task ApplyAsync(string province, string planId, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(updates.GroupBy(u => u.AgencyId, StringComparer.Ordinal).Select(agency =>
            _commits.AddAsync(Partition(province, planId, agency.Key), (table, [.. agency]))))
            .ConfigureAwait(false);
    }

    public async Task<AssignmentProgress?> GetAsync(string province, string planId, string agencyId, string taskId, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(province, planId, agencyId), taskId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToProgress(row.Value!) : null;
    }

    /// <summary>Every assignment's latest progress in a plan: one range query over the plan's agency partitions.</summary>
    public async Task<IReadOnlyDictionary<(string AgencyId, string TaskId), AssignmentProgress>> ListPlanAsync(
        string province, string planId, CancellationToken cancellationToken)
    {
        var table = await _storage.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var prefix = $"{province}|{planId}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {$"{province}|{planId}}}"}");
        var progress = new Dictionary<(string, string), AssignmentProgress>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            progress[(entity.PartitionKey[prefix.Length..], entity.RowKey)] = ToProgress(entity);
        }

        return progress;
    }

    // One transaction per 100 tasks: a single message may carry one agency's reports on more tasks than that.
    private Task CommitAsync(string partition, IReadOnlyList<(TableClient Table, IReadOnlyList<TaskUpdate> Updates)> items) =>
        Task.WhenAll(items.SelectMany(i => i.Updates).GroupBy(u => u.TaskId, StringComparer.Ordinal).Chunk(TableTransactions.MaxOperations)
            .Select(tasks => CommitAsync(items[0].Table, partition, [.. tasks])));

    private async Task CommitAsync(TableClient table, string partition, List<IGrouping<string, TaskUpdate>> byTask)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await LoadAsync(table, partition, byTask.Select(g => g.Key)).ConfigureAwait(false);
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

                var entity = ToEntity(partition, task.Key, task.First().AgencyId, after);
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
                        _cache[(partition, written[offset + i].Row)] = new CachedSnapshot(written[offset + i].Progress, responses.Value[i].Headers.ETag ?? default);
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
                    _cache.TryRemove((partition, task.Key), out _);
                }

                LogConflict(_logger, partition, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), _time).ConfigureAwait(false);
            }
        }
    }

    private async Task<Dictionary<string, CachedSnapshot>> LoadAsync(TableClient table, string partition, IEnumerable<string> rows)
    {
        var result = new Dictionary<string, CachedSnapshot>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var row in rows)
        {
            if (_cache.TryGetValue((partition, row), out var cached))
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
                _cache[(partition, entity.RowKey)] = new CachedSnapshot(ToProgress(entity), entity.ETag);
            }

            foreach (var row in missing)
            {
                result[row] = _cache.GetOrAdd((partition, row), new CachedSnapshot(null, default));
            }

            return result;
        }

        foreach (var row in missing)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row).ConfigureAwait(false);
            var snapshot = response.HasValue ? new CachedSnapshot(ToProgress(response.Value!), response.Value!.ETag) : new CachedSnapshot(null, default);
            _cache[(partition, row)] = snapshot;
            result[row] = snapshot;
        }

        return result;
    }

    private static string Partition(string province, string planId, string agencyId) => $"{province}|{planId}|{agencyId}";

    private static TableEntity ToEntity(string partition, string taskId, string agencyId, AssignmentProgress progress)
    {
        var entity = new TableEntity(partition, taskId)
        {
            ["AgencyId"] = agencyId,
            ["TaskId"] = taskId,
            ["LatestUpdateId"] = progress.LatestUpdateId,
            ["LatestReportedAt"] = progress.LatestReportedAt,
            ["Status"] = progress.Status.ToString(),
            ["ProgressPercent"] = progress.ProgressPercent,
            ["CompletedOn"] = ProgressColumns.Iso(progress.CompletedOn),
            ["OutputUpdateId"] = progress.DocumentUpdateId,
            ["OutputReportedAt"] = progress.DocumentReportedAt,
            ["FirstReportedAt"] = progress.FirstReportedAt,
            ["ReportedPeriods"] = JsonSerializer.Serialize(progress.ReportedPeriods, ApiJson.Default),
        };
        ProgressColumns.WriteDocument(entity, progress.OutputDocument);
        return entity;
    }

    private static AssignmentProgress ToProgress(TableEntity entity) => new(
        entity.GetString("LatestUpdateId"),
        entity.GetDateTimeOffset("LatestReportedAt") ?? DateTimeOffset.MinValue,
        Enum.Parse<TaskProgressStatus>(entity.GetString("Status")),
        entity.GetInt32("ProgressPercent"),
        ProgressColumns.ParseDate(entity.GetString("CompletedOn")),
        ProgressColumns.ReadDocument(entity),
        entity.GetDateTimeOffset("FirstReportedAt") ?? DateTimeOffset.MinValue,
        JsonSerializer.Deserialize<List<string>>(entity.GetString("ReportedPeriods") ?? "[]", ApiJson.Default) ?? [],
        entity.GetString("OutputUpdateId"),
        entity.GetDateTimeOffset("OutputReportedAt"));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot conflict in {Partition}; recomputing (attempt {Attempt})")]
    private static partial void LogConflict(ILogger logger, string partition, int attempt);

    private sealed record CachedSnapshot(AssignmentProgress? Progress, ETag ETag)
    {
        public bool Exists => ETag != default;
    }
}
