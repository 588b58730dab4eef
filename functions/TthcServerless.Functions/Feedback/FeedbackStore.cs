using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TthcServerless.Domain;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Reports;
using TthcServerless.Functions.Storage;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Feedback;

/// <summary>Another move changed the case between our read and our write: nothing was written.</summary>
internal sealed class FeedbackCaseChangedException() : Exception("The feedback case changed concurrently.");

/// <summary>A case as read, with what a guarded write needs.</summary>
internal sealed record StoredFeedbackCase(FeedbackCase Case, ETag ETag, string Partition, string Row);

/// <summary>What <c>GET /api/feedback</c> filters on in storage.</summary>
internal sealed record FeedbackListFilter(FeedbackStage? Stage, string? AgencyId, DateOnly? SubmittedFrom, DateOnly? SubmittedTo, bool OpenOnly);

/// <summary>
/// Feedback in table storage (docs/data-model.md):
/// <list type="bullet">
/// <item><c>FeedbackCodes</c>, partition <c>{province}</c>, row = the compact tracking code: reserved when the public POST
/// is accepted (so two submissions never share a code), and the code's way to its case.</item>
/// <item><c>FeedbackCases</c>, partition <c>{province}|{yyyyMM}</c> (the Vietnam month it arrived), row
/// <c>{arrival UTC yyyyMMddHHmmssfff}{code}</c> for the case, and <c>{case row}|{version:0000}</c> for each line of its audit
/// trail. A case and its trail share a partition, so every move is one transaction: the case replaced under its ETag
/// and the audit line inserted — both or neither, and two concurrent moves cannot both succeed. A month is one
/// partition and the list reads months in order, oldest first.</item>
/// <item><c>FeedbackContacts</c>, same keys as the case: the sender's personal data, apart from the case body, read only
/// to show it to the office or the assigned agency.</item>
/// </list>
/// Nothing here logs field values.
/// </summary>
internal sealed class FeedbackStore(StorageResources storage, PageToken pageTokens)
{
    private const string CodesTable = "FeedbackCodes";
    private const string CasesTable = "FeedbackCases";
    private const string ContactsTable = "FeedbackContacts";
    private const string CaseType = "case";
    private const string AuditType = "audit";
    private const int MaxCodeAttempts = 8;

    /// <summary>A code's case never moves: remember where it is.</summary>
    private readonly ConcurrentDictionary<(string Province, string Code), (string Partition, string Row)> _locations = new();

    public static string CasePartition(string province, DateTimeOffset submittedAt) =>
        $"{province}|{VietnamTime.DateOf(submittedAt).ToString("yyyyMM", CultureInfo.InvariantCulture)}";

    public static string CaseRow(TrackingCode code, DateTimeOffset submittedAt) =>
        submittedAt.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + code.Compact;

    // A code's reservation row names where its case lives.
    private static TableEntity Reservation(string province, TrackingCode code, DateTimeOffset submittedAt) => new(province, code.Compact)
    {
        ["CasePartition"] = CasePartition(province, submittedAt),
        ["CaseRow"] = CaseRow(code, submittedAt),
        ["SubmittedAt"] = submittedAt,
    };

    /// <summary>A fresh code no other submission of the province holds, reserved with where its case will live.</summary>
    public async Task<TrackingCode> ReserveCodeAsync(string province, DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(CodesTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var code = TrackingCode.New();
            try
            {
                await table.AddEntityAsync(Reservation(province, code, submittedAt), cancellationToken).ConfigureAwait(false);
                return code;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && attempt < MaxCodeAttempts)
            {
                // Taken (about one in 10^10 per case already stored): draw another.
            }
        }
    }

    /// <summary>
    /// Stores a new case: the contact first, then the case with its first audit line in one transaction. Idempotent: a
    /// redelivered message finds the contact and the case there and changes nothing (returns false).
    /// </summary>
    public async Task<bool> CreateAsync(string province, FeedbackCase created, FeedbackAuditEntry audit, FeedbackContact contact, CancellationToken cancellationToken)
    {
        // The public POST reserved the code with the case's place; a message from elsewhere (staff tools, a replayed
        // poison message) gets its reservation here. Either way the reservation decides where the case lives, so every
        // message naming the same code lands on the same row: one case per code, however often it arrives.
        var (partition, row) = await ReservedLocationAsync(province, created, cancellationToken).ConfigureAwait(false);
        // Inserted, never replaced: the first message for a code decides the sender, so a resent or replayed message with
        // other details cannot change who a live case belongs to. A 409 is a redelivery (or a crash after this write).
        var contacts = await storage.TableAsync(ContactsTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await contacts.AddEntityAsync(new TableEntity(partition, row)
            {
                ["Name"] = contact.Name,
                ["Phone"] = contact.Phone,
                ["Email"] = contact.Email,
                ["Address"] = contact.Address,
                ["Organisation"] = contact.Organisation,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }

        var cases = await storage.TableAsync(CasesTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await cases.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, ToEntity(created, partition, row, null)),
                new TableTransactionAction(TableTransactionActionType.Add, ToEntity(audit, partition, row, created.Code)),
            ], cancellationToken).ConfigureAwait(false);
            _locations[(province, created.Code.Compact)] = (partition, row);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task<(string Partition, string Row)> ReservedLocationAsync(string province, FeedbackCase created, CancellationToken cancellationToken)
    {
        var codes = await storage.TableAsync(CodesTable, cancellationToken).ConfigureAwait(false);
        var location = (Partition: CasePartition(province, created.SubmittedAt), Row: CaseRow(created.Code, created.SubmittedAt));
        try
        {
            await codes.AddEntityAsync(Reservation(province, created.Code, created.SubmittedAt), cancellationToken).ConfigureAwait(false);
            return location;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var reserved = (await codes.GetEntityAsync<TableEntity>(province, created.Code.Compact, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return (reserved.GetString("CasePartition"), reserved.GetString("CaseRow"));
        }
    }

    /// <summary>The case a code names, or null when the code was never issued or its case is not stored yet.</summary>
    public async Task<StoredFeedbackCase?> FindAsync(string province, TrackingCode code, CancellationToken cancellationToken)
    {
        if (!_locations.TryGetValue((province, code.Compact), out var location))
        {
            var codes = await storage.TableAsync(CodesTable, cancellationToken).ConfigureAwait(false);
            var reservation = await codes.GetEntityIfExistsAsync<TableEntity>(province, code.Compact, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!reservation.HasValue)
            {
                return null;
            }

            location = (reservation.Value!.GetString("CasePartition"), reservation.Value.GetString("CaseRow"));
        }

        var cases = await storage.TableAsync(CasesTable, cancellationToken).ConfigureAwait(false);
        var found = await cases.GetEntityIfExistsAsync<TableEntity>(location.Partition, location.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        _locations[(province, code.Compact)] = location;
        return new StoredFeedbackCase(ToCase(found.Value!), found.Value!.ETag, location.Partition, location.Row);
    }

    public async Task<FeedbackContact?> GetContactAsync(StoredFeedbackCase stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var contacts = await storage.TableAsync(ContactsTable, cancellationToken).ConfigureAwait(false);
        var found = await contacts.GetEntityIfExistsAsync<TableEntity>(stored.Partition, stored.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue
            ? new FeedbackContact(found.Value!.GetString("Name") ?? string.Empty, found.Value.GetString("Phone"), found.Value.GetString("Email"), found.Value.GetString("Address"), found.Value.GetString("Organisation"))
            : null;
    }

    /// <summary>
    /// Every case that reached the system by <paramref name="submittedTo"/>, with its audit trail, for reports: the
    /// month partitions up to that day, cases and audit lines together. Contacts are never read.
    /// </summary>
    public async Task<IReadOnlyList<FeedbackHistory>> GetHistoriesAsync(string province, DateOnly submittedTo, CancellationToken cancellationToken)
    {
        var cases = await storage.TableAsync(CasesTable, cancellationToken).ConfigureAwait(false);
        var high = $"{province}|{submittedTo.ToString("yyyyMM", CultureInfo.InvariantCulture)}";
        var found = new Dictionary<(string Partition, string Row), FeedbackCase>();
        var audits = new Dictionary<(string Partition, string Row), List<FeedbackAuditEntry>>();
        await foreach (var e in cases.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey gt {province + "|"} and PartitionKey le {high}"),
            maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetString("RowType") == CaseType)
            {
                found[(e.PartitionKey, e.RowKey)] = ToCase(e);
            }
            else if (e.GetString("RowType") == AuditType)
            {
                var key = (e.PartitionKey, e.RowKey[..e.RowKey.IndexOf('|', StringComparison.Ordinal)]);
                if (!audits.TryGetValue(key, out var list))
                {
                    audits[key] = list = [];
                }

                list.Add(ToAudit(e));
            }
        }

        return [.. found.Select(c => new FeedbackHistory(c.Value, [.. (audits.GetValueOrDefault(c.Key) ?? []).OrderBy(a => a.Version)]))];
    }

    /// <summary>The case's audit trail, oldest first (one range of the case's partition).</summary>
    public async Task<IReadOnlyList<FeedbackAuditEntry>> GetHistoryAsync(StoredFeedbackCase stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var cases = await storage.TableAsync(CasesTable, cancellationToken).ConfigureAwait(false);
        var (low, high) = (stored.Row + "|", stored.Row + "}");
        var history = new List<FeedbackAuditEntry>();
        await foreach (var entity in cases.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {stored.Partition} and RowKey gt {low} and RowKey lt {high}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            history.Add(ToAudit(entity));
        }

        return history;
    }

    /// <summary>
    /// Writes a move: the case replaced if it is still the version read, and its audit line, in one transaction. Throws
    /// <see cref="FeedbackCaseChangedException"/> (nothing written) when another move got there first.
    /// </summary>
    public async Task<StoredFeedbackCase> SaveMoveAsync(StoredFeedbackCase stored, FeedbackCase next, FeedbackAuditEntry audit, DateOnly? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(next);
        var cases = await storage.TableAsync(CasesTable, cancellationToken).ConfigureAwait(false);
        try
        {
            var responses = await cases.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(next, stored.Partition, stored.Row, deadline), stored.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, ToEntity(audit, stored.Partition, stored.Row, next.Code)),
            ], cancellationToken).ConfigureAwait(false);
            return stored with { Case = next, ETag = responses.Value[0].Headers.ETag ?? default };
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new FeedbackCaseChangedException();
        }
    }

    /// <summary>One page of cases, oldest first, filtered in storage by stage, agency and arrival day.</summary>
    public async Task<(IReadOnlyList<StoredFeedbackCase> Cases, string? ContinuationToken)> ListAsync(
        string province, FeedbackListFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var low = filter.SubmittedFrom is { } from ? $"{province}|{from.ToString("yyyyMM", CultureInfo.InvariantCulture)}" : $"{province}|";
        var high = filter.SubmittedTo is { } to ? $"{province}|{to.ToString("yyyyMM", CultureInfo.InvariantCulture)}" : $"{province}}}";
        var clauses = new List<string>
        {
            filter.SubmittedTo is null
                ? TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}")
                : TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey le {high}"),
            TableClient.CreateQueryFilter($"RowType eq {CaseType}"),
        };
        if (filter.Stage is { } stage)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Stage eq {Wire(stage)}"));
        }
        else if (filter.OpenOnly)
        {
            clauses.Add("(" + string.Join(" or ", Enum.GetValues<FeedbackStage>().Where(s => FeedbackWorkflow.DeadlineOf(s) is not null)
                .Select(s => TableClient.CreateQueryFilter($"Stage eq {Wire(s)}"))) + ")");
        }

        if (filter.AgencyId is { } agency)
        {
            clauses.Add(TableClient.CreateQueryFilter($"AgencyId eq {agency}"));
        }

        if (filter.SubmittedFrom is { } fromDay)
        {
            clauses.Add(TableClient.CreateQueryFilter($"SubmittedOn ge {Iso(fromDay)}"));
        }

        if (filter.SubmittedTo is { } toDay)
        {
            clauses.Add(TableClient.CreateQueryFilter($"SubmittedOn le {Iso(toDay)}"));
        }

        var cases = await storage.TableAsync(CasesTable, cancellationToken).ConfigureAwait(false);
        var query = string.Join(" and ", clauses);

        // A token belongs to this query: the table and the whole filter (province, days, stage, agency).
        var scope = $"{CasesTable}\n{query}";
        try
        {
            await foreach (var page in cases.QueryAsync<TableEntity>(query, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(continuationToken is null ? null : pageTokens.Decode(scope, continuationToken), pageSize).ConfigureAwait(false))
            {
                return ([.. page.Values.Select(e => new StoredFeedbackCase(ToCase(e), e.ETag, e.PartitionKey, e.RowKey))], pageTokens.Encode(scope, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (PageToken.IsRefusal(ex, continuationToken))
        {
            throw new InvalidPageTokenException(ex);
        }

        return ([], null);
    }


    private static string Wire<T>(T value)
        where T : struct, Enum => WireName.Of(value);

    private static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static T? Parse<T>(string? wire)
        where T : struct, Enum => wire is null ? null : Enum.GetValues<T>().First(v => Wire(v) == wire);

    private static TableEntity ToEntity(FeedbackCase c, string partition, string row, DateOnly? deadline) => new(partition, row)
    {
        ["RowType"] = CaseType,
        ["Code"] = c.Code.ToString(),
        ["Kind"] = Wire(c.Kind),
        ["Topic"] = c.Topic is { } topic ? Wire(topic) : null,
        ["Subject"] = c.Subject,
        ["Content"] = c.Content,
        ["AgencyConcerned"] = c.AgencyConcerned,
        ["Channel"] = Wire(c.Channel),
        ["SubmitterType"] = Wire(c.SubmitterType),
        ["SubmittedAt"] = c.SubmittedAt,
        ["SubmittedOn"] = Iso(c.SubmittedOn),
        ["ClockStartedOn"] = Iso(c.ClockStartedOn),
        ["Stage"] = Wire(c.Stage),
        ["ResumeStage"] = c.ResumeStage is { } resume ? Wire(resume) : null,
        ["ReceivedAt"] = c.ReceivedAt,
        ["AgencyId"] = c.AssignedAgencyId,
        ["RefusalReason"] = c.RefusalReason,
        ["Reply"] = c.Reply,
        ["InformationRequest"] = c.InformationRequest,
        ["InformationRequestedOn"] = Iso(c.InformationRequestedOn),
        ["AnswerText"] = c.Answer?.Text,
        ["AnswerDocument"] = c.Answer?.DocumentReference,
        ["AnsweredOn"] = Iso(c.Answer?.AnsweredOn),
        ["PublishedAt"] = c.PublishedAt,
        ["Version"] = c.Version,
        ["ChangedAt"] = c.ChangedAt,

        // The deadline as of this write: for operators reading the table; the API recomputes it on every read.
        ["DeadlineOn"] = Iso(deadline),
    };

    private static FeedbackCase ToCase(TableEntity e) => new()
    {
        Code = TrackingCode.TryParse(e.GetString("Code")) ?? throw new InvalidDataException($"Row {e.RowKey} has no valid tracking code."),
        Kind = Parse<FeedbackKind>(e.GetString("Kind"))!.Value,
        Topic = Parse<FeedbackTopic>(e.GetString("Topic")),
        Subject = e.GetString("Subject") ?? string.Empty,
        Content = e.GetString("Content") ?? string.Empty,
        AgencyConcerned = e.GetString("AgencyConcerned"),
        Channel = Parse<FeedbackChannel>(e.GetString("Channel"))!.Value,
        SubmitterType = Parse<SubmitterType>(e.GetString("SubmitterType"))!.Value,
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt")!.Value,
        ClockStartedOn = Day(e.GetString("ClockStartedOn"))!.Value,
        Stage = Parse<FeedbackStage>(e.GetString("Stage"))!.Value,
        ResumeStage = Parse<FeedbackStage>(e.GetString("ResumeStage")),
        ReceivedAt = e.GetDateTimeOffset("ReceivedAt"),
        AssignedAgencyId = e.GetString("AgencyId"),
        RefusalReason = e.GetString("RefusalReason"),
        Reply = e.GetString("Reply"),
        InformationRequest = e.GetString("InformationRequest"),
        InformationRequestedOn = Day(e.GetString("InformationRequestedOn")),
        Answer = e.GetString("AnswerText") is { } text ? new FeedbackAnswer(text, e.GetString("AnswerDocument"), Day(e.GetString("AnsweredOn"))!.Value) : null,
        PublishedAt = e.GetDateTimeOffset("PublishedAt"),
        Version = e.GetInt32("Version") ?? 1,
        ChangedAt = e.GetDateTimeOffset("ChangedAt")!.Value,
    };

    private static TableEntity ToEntity(FeedbackAuditEntry a, string partition, string caseRow, TrackingCode code) =>
        new(partition, $"{caseRow}|{a.Version.ToString("D4", CultureInfo.InvariantCulture)}")
        {
            ["RowType"] = AuditType,
            ["Code"] = code.ToString(),
            ["Version"] = a.Version,
            ["At"] = a.At,
            ["Actor"] = a.Actor,
            ["ActorAgencyId"] = a.ActorAgencyId,
            ["Action"] = Wire(a.Action),
            ["FromStage"] = a.From is { } from ? Wire(from) : null,
            ["ToStage"] = Wire(a.To),
            ["Note"] = a.Note,
            ["AgencyId"] = a.AgencyId,
        };

    private static FeedbackAuditEntry ToAudit(TableEntity e) => new(
        e.GetInt32("Version") ?? 0,
        e.GetDateTimeOffset("At")!.Value,
        e.GetString("Actor") ?? string.Empty,
        e.GetString("ActorAgencyId"),
        Parse<FeedbackAction>(e.GetString("Action"))!.Value,
        Parse<FeedbackStage>(e.GetString("FromStage")),
        Parse<FeedbackStage>(e.GetString("ToStage"))!.Value,
        e.GetString("Note"),
        e.GetString("AgencyId"));
}
