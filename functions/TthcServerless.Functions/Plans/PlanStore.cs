using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Plans;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Plans;

/// <summary>A plan as stored: what it is and which revision of its content is current.</summary>
internal sealed record PlanHeader(
    PlanIdentity Identity,
    string Revision,
    string? PreviousRevision,
    string Fingerprint,
    int TaskCount,
    int AssignmentCount,
    IReadOnlyList<PlanSection> Sections,
    IReadOnlyList<PlanAlias> Aliases,
    IReadOnlyList<ImportWarning> Warnings,
    int WarningCount,
    DateTimeOffset ImportedAt,
    string ImportedBy,
    ETag ETag);

/// <summary>A task as stored in a revision.</summary>
internal sealed record StoredTask(
    string TaskId,
    string SectionNumber,
    int Number,
    string Content,
    AgencyPhraseResolution Lead,
    AgencyPhraseResolution Coordinating,
    string ExpectedOutput,
    Timeframe Timeframe);

internal enum PlanImportStatus
{
    Created,
    Updated,
    Unchanged,
}

internal sealed record PlanImportOutcome(PlanImportStatus Status, PlanHeader Header, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed);

/// <summary>Another import of the same plan committed first.</summary>
internal sealed class PlanImportConflictException(string planId) : Exception($"Plan '{planId}' was imported concurrently.");

/// <summary>
/// Plans in table storage, revisioned so an import is all or nothing for readers. The header (<c>Plans</c>: partition =
/// province, row = plan id) names the current revision; a revision's tasks (<c>PlanTasks</c>) and assignments
/// (<c>Assignments</c>) live in the partition <c>{province}|{planId}|{revision}</c>, so "all tasks", "all assignments" and
/// "one agency's assignments" (row-key prefix <c>{agencyId}|</c>) are single partition or range reads. An import writes a
/// whole new revision, then switches the header with its ETag; readers never see a half-written plan. Progress reported
/// against tasks is stored apart (keyed by plan, agency and task, not revision), so an amended plan keeps it.
/// </summary>
internal sealed partial class PlanStore(StorageResources storage, TimeProvider time, ILogger<PlanStore> logger)
{
    private const string PlansTable = "Plans";
    private const string TasksTable = "PlanTasks";
    private const string AssignmentsTable = "Assignments";

    // Table Storage caps a string property at 64 KiB (32K UTF-16 characters) and an entity at 1 MiB. A warning repeats
    // its cell, which can be 8,000 characters: the header keeps each warning's text short and as many warnings as fit.
    private const int MaxStoredWarnings = 100;
    private const int MaxStringLength = 30_000;
    private const int MaxWarningTextLength = 200;
    private const int MaxWarningMessageLength = 400;

    public async Task<IReadOnlyList<PlanHeader>> ListAsync(string province, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(PlansTable, cancellationToken).ConfigureAwait(false);
        var headers = new List<PlanHeader>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {province}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            headers.Add(ToHeader(entity));
        }

        return headers;
    }

    public async Task<PlanHeader?> GetAsync(string province, string planId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(PlansTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(province, planId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToHeader(response.Value!) : null;
    }

    public async Task<IReadOnlyList<StoredTask>> GetTasksAsync(PlanHeader header, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TasksTable, cancellationToken).ConfigureAwait(false);
        var tasks = new List<StoredTask>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RevisionPartition(header.Identity, header.Revision)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(ToTask(entity));
        }

        return tasks;
    }

    /// <summary>Assignments of the current revision: one partition read, narrowed to a row-key range for one agency.</summary>
    public async Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(
        PlanHeader header, string? agencyId, string? level, DateOnly? dueBefore, DateOnly? dueAfter, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(AssignmentsTable, cancellationToken).ConfigureAwait(false);
        var partition = RevisionPartition(header.Identity, header.Revision);
        var filter = agencyId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {agencyId + "|"} and RowKey lt {agencyId + "}"}");
        if (level is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Level eq {level}");
        }

        if (dueBefore is { } before)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DueDate le {Iso(before)}");
        }

        if (dueAfter is { } after)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DueDate ge {Iso(after)}");
        }

        var assignments = new List<Assignment>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            assignments.Add(ToAssignment(header.Identity.PlanId, entity));
        }

        return assignments;
    }

    /// <summary>
    /// Stores a compiled plan. The same content as the current revision changes nothing; anything else becomes a new
    /// revision that replaces the current one atomically for readers.
    /// </summary>
    public async Task<PlanImportOutcome> ImportAsync(Plan plan, string importedBy, CancellationToken cancellationToken)
    {
        var identity = plan.Identity;
        var fingerprint = PlanFingerprint.Of(plan);
        var current = await GetAsync(identity.Province, identity.PlanId, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Fingerprint == fingerprint)
        {
            return new PlanImportOutcome(PlanImportStatus.Unchanged, current, [], [], []);
        }

        var revision = NewRevision();
        var partition = RevisionPartition(identity, revision);
        var tasksTable = await storage.TableAsync(TasksTable, cancellationToken).ConfigureAwait(false);
        var assignmentsTable = await storage.TableAsync(AssignmentsTable, cancellationToken).ConfigureAwait(false);
        var plansTable = await storage.TableAsync(PlansTable, cancellationToken).ConfigureAwait(false);

        var sortKeys = SortKeys(plan);
        // Built before the revision is written: a header that cannot be stored must refuse the import with nothing written.
        var header = ToHeaderEntity(plan, revision, current?.Revision, fingerprint, importedBy);
        try
        {
            await WriteAsync(tasksTable, plan.Tasks.Select(t => ToEntity(partition, sortKeys[t.Id], t)), cancellationToken).ConfigureAwait(false);
            await WriteAsync(assignmentsTable, plan.Assignments.Select(a => ToEntity(partition, sortKeys[a.TaskId], a)), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DeleteRevisionAsync(identity, revision).ConfigureAwait(false);
            throw;
        }

        var previousTasks = current is null ? [] : await GetTasksAsync(current, cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is null)
            {
                await plansTable.AddEntityAsync(header, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await plansTable.UpdateEntityAsync(header, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The SDK retries a write whose reply was lost, and the retry then meets our own write: 409 or 412 alone does
            // not say another import won. Only the header does; deleting a revision it names would empty the plan.
            var winner = await GetAsync(identity.Province, identity.PlanId, CancellationToken.None).ConfigureAwait(false);
            if (!NamesRevision(winner, revision))
            {
                await DeleteRevisionAsync(identity, revision).ConfigureAwait(false);
                throw new PlanImportConflictException(identity.PlanId);
            }
        }

        // The revision before the one just replaced is no longer read by anyone: remove it. The one just replaced stays
        // until the next import, so a reader who read the old header can still finish.
        if (current?.PreviousRevision is { } stale)
        {
            await DeleteRevisionAsync(identity, stale).ConfigureAwait(false);
        }

        var committed = (await GetAsync(identity.Province, identity.PlanId, cancellationToken).ConfigureAwait(false))!;
        var before = previousTasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var after = plan.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        return new PlanImportOutcome(
            current is null ? PlanImportStatus.Created : PlanImportStatus.Updated,
            committed,
            [.. after.Keys.Where(id => !before.ContainsKey(id))],
            [.. before.Keys.Where(id => !after.ContainsKey(id))],
            [.. after.Values.Where(t => before.TryGetValue(t.Id, out var old) && !SameContent(old, t)).Select(t => t.Id)]);
    }

    /// <summary>Whether the stored header commits <paramref name="revision"/>: the one test of whether an import went through.</summary>
    internal static bool NamesRevision(PlanHeader? header, string revision) => header is not null && header.Revision == revision;

    private static bool SameContent(StoredTask old, PlanTask task) =>
        old.Content == task.Content && old.Lead.Text == task.Lead.Text && old.Coordinating.Text == task.Coordinating.Text
        && old.ExpectedOutput == task.ExpectedOutput && old.Timeframe.Text == task.Timeframe.Text
        && old.Lead.AgencyIds.SequenceEqual(task.Lead.AgencyIds);

    /// <summary>Entity group transactions sized by <see cref="TableTransactions"/>, a few batches in flight at once.</summary>
    private static async Task WriteAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var batches = TableTransactions.Chunks(entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (batch, token) =>
            await table.SubmitTransactionAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task DeleteRevisionAsync(PlanIdentity identity, string revision)
    {
        var partition = RevisionPartition(identity, revision);
        foreach (var name in new[] { TasksTable, AssignmentsTable })
        {
            try
            {
                var table = await storage.TableAsync(name, CancellationToken.None).ConfigureAwait(false);
                var keys = new List<TableEntity>();
                await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"]).ConfigureAwait(false))
                {
                    keys.Add(entity);
                }

                foreach (var chunk in TableTransactions.Chunks(keys.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All))))
                {
                    await table.SubmitTransactionAsync(chunk).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
            {
                // Nobody reads a revision the header does not name; a leftover only costs space.
                LogCleanupFailed(logger, identity.PlanId, revision, ex.Message);
            }
        }
    }

    private string NewRevision() =>
        "r" + time.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    private static string RevisionPartition(PlanIdentity identity, string revision) => $"{identity.Province}|{identity.PlanId}|{revision}";

    /// <summary>
    /// Row keys that sort tasks in plan order: section position, then number. Tasks before the first heading (section "")
    /// come first, in a bucket of their own: sharing the first section's position, task 1 and I.1 would share a row key.
    /// </summary>
    internal static Dictionary<string, string> SortKeys(Plan plan)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
        foreach (var section in plan.Sections)
        {
            order.TryAdd(section.Number, order.Count);
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in plan.Tasks)
        {
            // The readers refuse duplicates already; a store that overwrote one task with another would lose it silently.
            var key = SortKey(order.TryGetValue(task.SectionNumber, out var index) ? index : order.Count, task.Number);
            if (!keys.TryAdd(task.Id, key) || !used.Add(key))
            {
                throw new PlanFormatException($"Nhiệm vụ {task.Id} trùng với một nhiệm vụ khác của kế hoạch.");
            }
        }

        return keys;
    }

    private static string SortKey(int sectionIndex, int number) => $"{sectionIndex:D3}.{number:D4}";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The JSON of <paramref name="value"/>, or a <see cref="PlanFormatException"/> naming <paramref name="what"/> when it cannot be stored.</summary>
    private static string Json<T>(T value, string what)
    {
        var json = JsonSerializer.Serialize(value, ApiJson.Default);
        return json.Length <= MaxStringLength
            ? json
            : throw new PlanFormatException($"{what} quá dài để lưu (hơn {MaxStringLength} ký tự); hãy rút gọn rồi nhập lại.");
    }

    /// <summary>The warnings kept in the header: each text shortened, as many as fit in one property.</summary>
    internal static List<ImportWarning> StoredWarnings(IReadOnlyList<ImportWarning> warnings)
    {
        var stored = new List<ImportWarning>();
        var length = 2;
        foreach (var warning in warnings.Take(MaxStoredWarnings))
        {
            var shortened = warning with { Text = Shorten(warning.Text, MaxWarningTextLength), Message = Shorten(warning.Message, MaxWarningMessageLength) };
            length += JsonSerializer.Serialize(shortened, ApiJson.Default).Length + 1;
            if (length > MaxStringLength)
            {
                break;
            }

            stored.Add(shortened);
        }

        return stored;
    }

    private static string Shorten(string text, int maxLength) => text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");

    private static T FromJson<T>(TableEntity entity, string property) =>
        JsonSerializer.Deserialize<T>(entity.GetString(property) ?? "null", ApiJson.Default)
        ?? throw new InvalidOperationException($"Stored property {property} of {entity.PartitionKey}/{entity.RowKey} is empty.");

    private static TableEntity ToEntity(string partition, string rowKey, PlanTask task) => new(partition, rowKey)
    {
        ["TaskId"] = task.Id,
        ["Section"] = task.SectionNumber,
        ["Number"] = task.Number,
        ["Content"] = task.Content,
        ["Lead"] = Json(task.Lead, $"Cơ quan chủ trì của nhiệm vụ {task.Id}"),
        ["Coordinating"] = Json(task.Coordinating, $"Cơ quan phối hợp của nhiệm vụ {task.Id}"),
        ["ExpectedOutput"] = task.ExpectedOutput,
        ["Timeframe"] = Json(task.Timeframe, $"Thời gian thực hiện của nhiệm vụ {task.Id}"),
    };

    private static TableEntity ToEntity(string partition, string taskSortKey, Assignment assignment) => new(partition, $"{assignment.AgencyId}|{taskSortKey}")
    {
        ["TaskId"] = assignment.TaskId,
        ["AgencyId"] = assignment.AgencyId,
        ["Level"] = assignment.Level,
        ["DueDate"] = assignment.DueDate is { } due ? Iso(due) : null,
        ["TimeframeKind"] = assignment.TimeframeKind.ToString(),
        ["Recurrence"] = assignment.Recurrence?.ToString(),
    };

    private static StoredTask ToTask(TableEntity entity) => new(
        entity.GetString("TaskId"),
        entity.GetString("Section") ?? string.Empty,
        entity.GetInt32("Number") ?? 0,
        entity.GetString("Content") ?? string.Empty,
        FromJson<AgencyPhraseResolution>(entity, "Lead"),
        FromJson<AgencyPhraseResolution>(entity, "Coordinating"),
        entity.GetString("ExpectedOutput") ?? string.Empty,
        FromJson<Timeframe>(entity, "Timeframe"));

    private static Assignment ToAssignment(string planId, TableEntity entity) => new(
        planId,
        entity.GetString("TaskId"),
        entity.GetString("AgencyId"),
        entity.GetString("Level"),
        entity.GetString("DueDate") is { } due ? DateOnly.ParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        Enum.Parse<TimeframeKind>(entity.GetString("TimeframeKind")),
        entity.GetString("Recurrence") is { } recurrence ? Enum.Parse<RecurrenceKind>(recurrence) : null);

    private TableEntity ToHeaderEntity(Plan plan, string revision, string? previousRevision, string fingerprint, string importedBy)
    {
        var identity = plan.Identity;
        return new TableEntity(identity.Province, identity.PlanId)
        {
            ["Year"] = identity.Year,
            ["Title"] = identity.Title,
            ["DecisionNumber"] = identity.DecisionNumber,
            ["DecisionDate"] = identity.DecisionDate is { } date ? Iso(date) : null,
            ["Revision"] = revision,
            ["PreviousRevision"] = previousRevision,
            ["Fingerprint"] = fingerprint,
            ["TaskCount"] = plan.Tasks.Count,
            ["AssignmentCount"] = plan.Assignments.Count,
            ["Sections"] = Json(plan.Sections, "Danh sách mục của kế hoạch"),
            ["Aliases"] = Json(plan.Aliases, "Danh sách tên gọi tắt của kế hoạch"),
            ["Warnings"] = Json(StoredWarnings(plan.Warnings), "Danh sách cảnh báo"),
            ["WarningCount"] = plan.Warnings.Count,
            ["ImportedAt"] = time.GetUtcNow(),
            ["ImportedBy"] = importedBy,
        };
    }

    private static PlanHeader ToHeader(TableEntity entity) => new(
        new PlanIdentity(
            entity.RowKey,
            entity.PartitionKey,
            entity.GetInt32("Year") ?? 0,
            entity.GetString("Title"),
            entity.GetString("DecisionNumber"),
            entity.GetString("DecisionDate") is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null),
        entity.GetString("Revision"),
        entity.GetString("PreviousRevision"),
        entity.GetString("Fingerprint"),
        entity.GetInt32("TaskCount") ?? 0,
        entity.GetInt32("AssignmentCount") ?? 0,
        FromJson<List<PlanSection>>(entity, "Sections"),
        FromJson<List<PlanAlias>>(entity, "Aliases"),
        FromJson<List<ImportWarning>>(entity, "Warnings"),
        entity.GetInt32("WarningCount") ?? 0,
        entity.GetDateTimeOffset("ImportedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ImportedBy") ?? string.Empty,
        entity.ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove revision {Revision} of plan {PlanId}: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string planId, string revision, string reason);
}
