using System.Diagnostics;
using Microsoft.Extensions.Options;
using TthcServerless.Domain.Text;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Reports;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Updates;
using TthcServerless.Functions.WorkingDays;

namespace TthcServerless.Functions.Reports;

internal enum GenerateReportOutcome
{
    /// <summary>A new version was written (201).</summary>
    Created,

    /// <summary>The latest version stands (200): nothing changed, or the inputs changed and no regeneration was asked for.</summary>
    Existing,

    PlanNotFound,
    InvalidPeriod,
    PeriodNotStarted,

    /// <summary>Another run holds the claim for this plan and period and did not finish in time.</summary>
    Busy,
}

/// <summary>What a generation did; <see cref="InputsChanged"/> says an existing report's inputs have moved on since.</summary>
internal sealed record GenerateReportResult(GenerateReportOutcome Outcome, ReportRecord? Report, string? Problem, bool InputsChanged = false);

/// <summary>
/// Writes a plan's report for a period, once (docs/reports.md): computes the model from storage, returns the latest
/// version when its inputs are unchanged, and otherwise — for a regeneration, or when a provisional report's period has
/// closed, or when there is none — claims the next version in the ledger, writes the workbook to a temporary file, uploads
/// it and records it. A run that fails gives its claim back; nothing it wrote is listed.
/// </summary>
internal sealed partial class GenerateReport(
    PlanStore plans,
    AgencyRegistryStore registries,
    TaskUpdateHistory history,
    FeedbackStore feedback,
    CalendarStore calendars,
    ReportingCalendar periods,
    IOptions<FeedbackOptions> feedbackOptions,
    ReportStore reports,
    TimeProvider time,
    ILogger<GenerateReport> logger)
{
    /// <summary>How long a claim lasts without its run finishing; a province's report takes seconds.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>How long a request waits for another run of the same report before answering 409.</summary>
    public static readonly TimeSpan WaitForOtherRun = TimeSpan.FromSeconds(30);

    public async Task<GenerateReportResult> RunAsync(string province, string planId, string periodId, bool regenerate, bool waitForOtherRun, CancellationToken cancellationToken)
    {
        if (periods.FromId(periodId) is not { } period)
        {
            return new(GenerateReportOutcome.InvalidPeriod, null,
                $"'{periodId}' không phải mã kỳ báo cáo: dùng 2026-12 (tháng), 2026-Q4 (quý), 2026-H1 / 2026-H2 (6 tháng), 2026-9M (9 tháng) hoặc 2026 (năm).");
        }

        var now = time.GetUtcNow();
        if (ReportCutOff.NotStartedProblem(period, now) is { } notStarted)
        {
            return new(GenerateReportOutcome.PeriodNotStarted, null, notStarted);
        }

        if (await plans.GetAsync(province, planId, cancellationToken).ConfigureAwait(false) is not { } header)
        {
            return new(GenerateReportOutcome.PlanNotFound, null, $"Không có kế hoạch '{planId}'.");
        }

        var started = time.GetTimestamp();
        while (true)
        {
            var pointer = await reports.GetPointerAsync(province, planId, period.Id, cancellationToken).ConfigureAwait(false);
            var latest = pointer.LatestVersion > 0 ? await reports.GetAsync(province, planId, period.Id, pointer.LatestVersion, cancellationToken).ConfigureAwait(false) : null;
            if (pointer.IsHeld(now))
            {
                if (!waitForOtherRun || time.GetElapsedTime(started) > WaitForOtherRun)
                {
                    return new(GenerateReportOutcome.Busy, latest, $"Báo cáo {period.Id} của kế hoạch '{planId}' đang được lập bởi lượt chạy khác; thử lại sau ít phút.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
                now = time.GetUtcNow();
                continue;
            }

            var model = PeriodicReport.Compute(await ReadInputsAsync(header, cancellationToken).ConfigureAwait(false), period, now);
            if (latest is not null)
            {
                var unchanged = latest.InputFingerprint == model.Header.InputFingerprint;
                var nowFinal = latest.Provisional && !model.Header.Provisional;
                if ((unchanged && !nowFinal) || (!regenerate && !nowFinal))
                {
                    return new(GenerateReportOutcome.Existing, latest, null, InputsChanged: !unchanged);
                }
            }

            var runId = Guid.NewGuid().ToString("N");
            if (await reports.TryClaimAsync(province, planId, period.Id, pointer, runId, now, ClaimLease, cancellationToken).ConfigureAwait(false) is not { } claim)
            {
                // Another run claimed it between our read and our write: look again (wait for it, or answer busy).
                now = time.GetUtcNow();
                continue;
            }

            return new(GenerateReportOutcome.Created, await WriteAsync(model, claim, runId, cancellationToken).ConfigureAwait(false), null);
        }
    }

    /// <summary>Everything the report reads, from the plan's current revision.</summary>
    public async Task<ReportInputs> ReadInputsAsync(PlanHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        var identity = header.Identity;
        var tasks = plans.GetTasksAsync(header, cancellationToken);
        var assignments = plans.GetAssignmentsAsync(header, null, null, null, null, cancellationToken);
        var registry = registries.GetAsync(identity.Province, cancellationToken);
        var updates = history.ListPlanAsync(identity.Province, identity.PlanId, cancellationToken);
        var cases = feedback.GetHistoriesAsync(identity.Province, VietnamTimeToday(), cancellationToken);
        var calendar = calendars.GetAsync(identity.Province, cancellationToken);
        await Task.WhenAll(tasks, assignments, registry, updates, cases, calendar).ConfigureAwait(false);
        return new ReportInputs(
            identity,
            header.Revision,
            header.Sections,
            [.. (await tasks.ConfigureAwait(false)).Select(t => new PlanTask(t.TaskId, t.SectionNumber, t.Number, t.Content, t.Lead, t.Coordinating, t.ExpectedOutput, t.Timeframe))],
            await assignments.ConfigureAwait(false),
            (await registry.ConfigureAwait(false)).Registry,
            await updates.ConfigureAwait(false),
            await cases.ConfigureAwait(false),
            (await calendar.ConfigureAwait(false)).Calendar,
            periods,
            feedbackOptions.Value.Limits);
    }

    private DateOnly VietnamTimeToday() => Domain.VietnamTime.Today(time);

    private async Task<ReportRecord> WriteAsync(ReportModel model, ReportPointer claim, string runId, CancellationToken cancellationToken)
    {
        var h = model.Header;
        var version = claim.ClaimedVersion;
        var reportId = ReportStore.ReportId(h.PlanId, h.Period.Id, version);
        var path = Path.Combine(Path.GetTempPath(), $"tthc-report-{runId}.xlsx");
        var watch = Stopwatch.StartNew();
        try
        {
            ReportWorkbook.Write(model, new WorkbookRun(reportId, version, runId), path);
            var blobName = ReportStore.BlobName(h.Province, h.PlanId, h.Period.Id, version);
            var (bytes, sha) = await reports.UploadAsync(blobName, path, new Dictionary<string, string>
            {
                ["runId"] = runId,
                ["fingerprint"] = h.InputFingerprint,
                ["planRevision"] = h.PlanRevision,
                ["schemaVersion"] = ReportWorkbook.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken).ConfigureAwait(false);
            var record = new ReportRecord(reportId, h.Province, h.PlanId, h.Period.Id, WireName.Of(h.Period.Type), version, h.Provisional,
                h.AsOf, h.Period.Start, h.Period.End, h.GeneratedAt, bytes, sha, RowCounts(model), blobName, h.PlanRevision, h.InputFingerprint, runId);
            await reports.CompleteAsync(record, claim, cancellationToken).ConfigureAwait(false);
            Log.Written(logger, reportId, bytes, watch.ElapsedMilliseconds);
            return record;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Failed(logger, ex, reportId);
            try
            {
                await reports.ReleaseAsync(h.Province, h.PlanId, h.Period.Id, claim, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The claim's lease runs out on its own; the run's own failure is what the caller must see.
            catch (Exception releaseFailure)
#pragma warning restore CA1031
            {
                Log.ReleaseFailed(logger, releaseFailure, reportId);
            }

            throw;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dictionary<string, int> RowCounts(ReportModel model) => new()
    {
        ["FactAssignment"] = model.Facts.Assignments.Count,
        ["FactTaskUpdate"] = model.Facts.TaskUpdates.Count,
        ["FactFeedback"] = model.Facts.Feedback.Count,
        ["Overdue"] = model.Overdue.Count,
        ["NotReported"] = model.NotReported.Count,
        ["Issues"] = model.Issues.Count,
        ["Upcoming"] = model.Upcoming.Count,
        ["ByAgency"] = model.ByAgency.Count,
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} written: {Bytes} bytes in {Milliseconds} ms.")]
        public static partial void Written(ILogger logger, string reportId, long bytes, long milliseconds);

        [LoggerMessage(Level = LogLevel.Error, Message = "Report {ReportId} failed; its claim is given back.")]
        public static partial void Failed(ILogger logger, Exception exception, string reportId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId}: the claim could not be given back; it lapses on its own.")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, string reportId);
    }
}
