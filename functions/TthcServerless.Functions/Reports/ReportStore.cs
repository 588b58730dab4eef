using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Reports;

/// <summary>One written report version, as the ledger records it and the API shows it.</summary>
internal sealed record ReportRecord(
    string ReportId,
    string Province,
    string PlanId,
    string PeriodId,
    string Kind,
    int Version,
    bool Provisional,
    DateTimeOffset AsOf,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    DateTimeOffset GeneratedAt,
    long Bytes,
    string Sha256,
    IReadOnlyDictionary<string, int> RowCounts,
    string BlobName,
    string PlanRevision,
    string InputFingerprint,
    string RunId);

/// <summary>
/// Where a plan and period stand in the ledger: the latest written version, and the run holding (or last holding) the
/// claim to write the next one.
/// </summary>
internal sealed record ReportPointer(int LatestVersion, int ClaimedVersion, string State, string? RunId, DateTimeOffset? LeaseUntil, ETag ETag)
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    public static ReportPointer None { get; } = new(0, 0, Done, null, null, default);

    public bool Exists => ETag != default;

    public bool IsHeld(DateTimeOffset now) => State == Running && LeaseUntil > now;
}

/// <summary>
/// Reports in storage (docs/reports.md). Workbooks are blobs in <c>reports</c> named
/// <c>{province}/{planId}/{periodId}/bao-cao-kstthc-{planId}-{periodId}-v{n}.xlsx</c>, uploaded once with
/// <c>If-None-Match: *</c> (one PUT commits atomically: a reader never sees half a file) and never overwritten or
/// deleted. The ledger table <c>ReportRuns</c>, partition <c>{province}|{planId}</c>, holds a pointer row per period
/// (row <c>{periodId}</c>: the claim, under its ETag, that lets one run at a time write the next version) and a row per
/// version written (row <c>{periodId}|v{nnnn}</c>), added only after its blob is complete: the index the API lists.
/// </summary>
internal sealed class ReportStore(StorageResources storage, PageToken pageTokens)
{
    public const string Container = "reports";
    private const string LedgerTable = "ReportRuns";
    private const string VersionType = "version";
    private const string PointerType = "pointer";

    public static string BlobName(string province, string planId, string periodId, int version) =>
        $"{province}/{planId}/{periodId}/{ReportWorkbook.FileName(planId, periodId, version)}";

    /// <summary><c>{planId}_{periodId}_v{n}</c>: plan ids and period ids never hold an underscore.</summary>
    public static string ReportId(string planId, string periodId, int version) => $"{planId}_{periodId}_v{version}";

    public static (string PlanId, string PeriodId, int Version)? ParseReportId(string? id)
    {
        var parts = id?.Split('_');
        return parts is [var plan, var period, ['v', .. var number]] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? (plan, period, version)
            : null;
    }

    public async Task<ReportPointer> GetPointerAsync(string province, string planId, string periodId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(LedgerTable, cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition(province, planId), periodId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return ReportPointer.None;
        }

        var e = found.Value!;
        return new ReportPointer(e.GetInt32("LatestVersion") ?? 0, e.GetInt32("ClaimedVersion") ?? 0, e.GetString("State") ?? ReportPointer.Done,
            e.GetString("RunId"), e.GetDateTimeOffset("LeaseUntil"), e.ETag);
    }

    /// <summary>
    /// Claims the right to write version <c>max(latest, claimed) + 1</c> for <paramref name="lease"/>; null when another
    /// run got there first (its claim is live, or it changed the pointer since <paramref name="seen"/> was read).
    /// </summary>
    public async Task<ReportPointer?> TryClaimAsync(string province, string planId, string periodId, ReportPointer seen, string runId, DateTimeOffset now,
        TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.IsHeld(now))
        {
            return null;
        }

        var version = Math.Max(seen.LatestVersion, seen.ClaimedVersion) + 1;
        var entity = new TableEntity(Partition(province, planId), periodId)
        {
            ["RowType"] = PointerType,
            ["LatestVersion"] = seen.LatestVersion,
            ["ClaimedVersion"] = version,
            ["State"] = ReportPointer.Running,
            ["RunId"] = runId,
            ["LeaseUntil"] = now + lease,
        };
        var table = await storage.TableAsync(LedgerTable, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = seen.Exists
                ? await table.UpdateEntityAsync(entity, seen.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                : await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return new ReportPointer(seen.LatestVersion, version, ReportPointer.Running, runId, now + lease, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Uploads a finished workbook as a new blob. A blob of that name already there (a run that stopped after its upload)
    /// is taken as this report when it carries the same input fingerprint, else the claim is refused.
    /// </summary>
    public async Task<(long Bytes, string Sha256)> UploadAsync(string blobName, string path, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var sha = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        metadata["sha256"] = sha;
        var container = await storage.ContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        var blob = container.GetBlobClient(blobName);
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            try
            {
                await blob.UploadAsync(file, new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = ReportWorkbook.ContentType },
                    Metadata = metadata,
                }, cancellationToken).ConfigureAwait(false);
                return (file.Length, sha);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var existing = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                if (existing.Metadata.TryGetValue("fingerprint", out var fingerprint) && fingerprint == metadata["fingerprint"]
                    && existing.Metadata.TryGetValue("sha256", out var existingSha))
                {
                    return (existing.ContentLength, existingSha);
                }

                throw new InvalidOperationException($"Report blob '{blobName}' exists with other inputs; the ledger and the blobs disagree.", ex);
            }
        }
    }

    /// <summary>Records a written version, then moves the pointer to it under the claim's ETag.</summary>
    public async Task CompleteAsync(ReportRecord record, ReportPointer claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(claim);
        var table = await storage.TableAsync(LedgerTable, cancellationToken).ConfigureAwait(false);
        var partition = Partition(record.Province, record.PlanId);
        try
        {
            await table.AddEntityAsync(ToEntity(partition, record), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier attempt of this run.
        }

        await table.UpdateEntityAsync(new TableEntity(partition, record.PeriodId)
        {
            ["RowType"] = PointerType,
            ["LatestVersion"] = record.Version,
            ["ClaimedVersion"] = record.Version,
            ["State"] = ReportPointer.Done,
            ["RunId"] = record.RunId,
            ["LeaseUntil"] = null,
        }, claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives a claim back after a failed run, so the next run need not wait for the lease (best effort).</summary>
    public async Task ReleaseAsync(string province, string planId, string periodId, ReportPointer claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await storage.TableAsync(LedgerTable, cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(new TableEntity(Partition(province, planId), periodId)
        {
            ["RowType"] = PointerType,
            ["LatestVersion"] = claim.LatestVersion,
            ["ClaimedVersion"] = claim.ClaimedVersion,
            ["State"] = ReportPointer.Failed,
            ["RunId"] = claim.RunId,
            ["LeaseUntil"] = null,
        }, claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReportRecord?> GetAsync(string province, string planId, string periodId, int version, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(LedgerTable, cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition(province, planId), VersionRow(periodId, version), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    /// <summary>Written versions, newest period row last, one page at a time, filtered by plan, period and kind.</summary>
    public async Task<(IReadOnlyList<ReportRecord> Items, string? ContinuationToken)> ListAsync(
        string province, string? planId, string? periodId, string? kind, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var clauses = new List<string>
        {
            planId is null
                ? TableClient.CreateQueryFilter($"PartitionKey gt {province + "|"} and PartitionKey lt {province + "}"}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {Partition(province, planId)}"),
            TableClient.CreateQueryFilter($"RowType eq {VersionType}"),
        };
        if (periodId is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PeriodId eq {periodId}"));
        }

        if (kind is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Kind eq {kind}"));
        }

        var filter = string.Join(" and ", clauses);
        var scope = $"{LedgerTable}\n{filter}";
        var table = await storage.TableAsync(LedgerTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(continuationToken is null ? null : pageTokens.Decode(scope, continuationToken), pageSize).ConfigureAwait(false))
            {
                return ([.. page.Values.Select(ToRecord)], pageTokens.Encode(scope, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (PageToken.IsRefusal(ex, continuationToken))
        {
            throw new InvalidPageTokenException(ex);
        }

        return ([], null);
    }

    public async Task<Stream> OpenContentAsync(ReportRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var container = await storage.ContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        return (await container.GetBlobClient(record.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
    }

    private static string Partition(string province, string planId) => $"{province}|{planId}";

    private static string VersionRow(string periodId, int version) => $"{periodId}|v{version.ToString("D4", CultureInfo.InvariantCulture)}";

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
    }

    private static TableEntity ToEntity(string partition, ReportRecord r) => new(partition, VersionRow(r.PeriodId, r.Version))
    {
        ["RowType"] = VersionType,
        ["ReportId"] = r.ReportId,
        ["Province"] = r.Province,
        ["PlanId"] = r.PlanId,
        ["PeriodId"] = r.PeriodId,
        ["Kind"] = r.Kind,
        ["Version"] = r.Version,
        ["Provisional"] = r.Provisional,
        ["AsOf"] = r.AsOf,
        ["WindowStart"] = r.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["WindowEnd"] = r.WindowEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["GeneratedAt"] = r.GeneratedAt,
        ["Bytes"] = r.Bytes,
        ["Sha256"] = r.Sha256,
        ["RowCounts"] = JsonSerializer.Serialize(r.RowCounts),
        ["BlobName"] = r.BlobName,
        ["PlanRevision"] = r.PlanRevision,
        ["InputFingerprint"] = r.InputFingerprint,
        ["RunId"] = r.RunId,
    };

    private static ReportRecord ToRecord(TableEntity e) => new(
        e.GetString("ReportId"),
        e.GetString("Province"),
        e.GetString("PlanId"),
        e.GetString("PeriodId"),
        e.GetString("Kind"),
        e.GetInt32("Version") ?? 0,
        e.GetBoolean("Provisional") ?? false,
        e.GetDateTimeOffset("AsOf")!.Value,
        DateOnly.ParseExact(e.GetString("WindowStart"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly.ParseExact(e.GetString("WindowEnd"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        e.GetDateTimeOffset("GeneratedAt")!.Value,
        e.GetInt64("Bytes") ?? 0,
        e.GetString("Sha256"),
        JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("RowCounts") ?? "{}") ?? [],
        e.GetString("BlobName"),
        e.GetString("PlanRevision"),
        e.GetString("InputFingerprint"),
        e.GetString("RunId"));
}
