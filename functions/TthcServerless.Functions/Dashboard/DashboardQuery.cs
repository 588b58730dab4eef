using TthcServerless.Domain;
using TthcServerless.Domain.Dashboard;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Reports;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Reports;

namespace TthcServerless.Functions.Dashboard;

/// <summary>What the page asks for; null filters mean "all" or "the default".</summary>
internal sealed record DashboardRequest(string Province, string? PlanId, string? Period, string? Level, string? AgencyId, DashboardAccess Access, string? OwnAgencyId);

/// <summary>What a dashboard query can answer.</summary>
internal abstract record DashboardOutcome
{
    public sealed record Shown(DashboardResponse Response) : DashboardOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : DashboardOutcome;

    public sealed record NoSuchPlan(string PlanId) : DashboardOutcome;
}

/// <summary>
/// The dashboard's use case: pick the plan and period (defaults: the newest plan; its year's period in progress, or the
/// whole year once it is over), narrow the report inputs to the scope, compute the report model exactly as the workbook
/// does, and read the figures off it — plus one model per earlier period for the trend.
/// </summary>
internal sealed class DashboardQuery(PlanStore plans, GenerateReport generator, ReportStore reports, ReportingCalendar periods, TimeProvider time)
{
    public async Task<DashboardOutcome> RunAsync(DashboardRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ReportingPeriod? period = null;
        if (request.Period is not null && (period = periods.FromId(request.Period)) is null)
        {
            errors.Add(new FieldError("period", "kỳ báo cáo dạng 2026-12, 2026-Q4, 2026-H1, 2026-H2, 2026-9M hoặc 2026."));
        }

        var headers = await plans.ListAsync(request.Province, cancellationToken).ConfigureAwait(false);
        var header = request.PlanId is null
            ? headers.OrderByDescending(h => h.Identity.Year).ThenByDescending(h => h.ImportedAt).FirstOrDefault()
            : headers.FirstOrDefault(h => string.Equals(h.Identity.PlanId, request.PlanId, StringComparison.Ordinal));
        if (header is null && request.PlanId is not null)
        {
            return new DashboardOutcome.NoSuchPlan(request.PlanId);
        }

        var planList = headers.Select(h => h.Identity).OrderByDescending(p => p.Year).ThenBy(p => p.PlanId, StringComparer.Ordinal)
            .Select(p => new DashboardPlan(p.PlanId, p.Title ?? p.PlanId, p.DecisionNumber, p.Year)).ToList();
        if (header is null)
        {
            return errors.Count > 0
                ? new DashboardOutcome.Invalid(errors)
                : new DashboardOutcome.Shown(DashboardResponse.Nothing(planList, request, "no-plan", "Chưa có kế hoạch nào được nhập: nhập kế hoạch để xem bảng điều khiển."));
        }

        // The workbook's own reading of the plan, its history and the PAKN trails: the same inputs, not a second query.
        var inputs = await generator.ReadInputsAsync(header, cancellationToken).ConfigureAwait(false);

        if (request.Level is not null && !inputs.Registry.Levels.Any(l => l.Id == request.Level))
        {
            errors.Add(new FieldError("level", $"cấp '{request.Level}' không có trong danh mục cơ quan."));
        }

        if (request.AgencyId is not null && inputs.Registry.FindAgency(request.AgencyId) is null)
        {
            errors.Add(new FieldError("agencyId", $"cơ quan '{request.AgencyId}' không có trong danh mục."));
        }

        if (errors.Count > 0)
        {
            return new DashboardOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        period ??= DefaultPeriod(header.Identity.Year, now);
        var response = DashboardResponse.Frame(planList, inputs, period, request, Started(header.Identity.Year, now), now);
        if (period.Year < header.Identity.Year)
        {
            return new DashboardOutcome.Shown(response with { Empty = new DashboardEmpty("before-plan", $"{period.Label} ở trước năm của kế hoạch ({header.Identity.Year}): kế hoạch chưa bắt đầu, chưa có số liệu.") });
        }

        if (ReportCutOff.NotStartedProblem(period, now) is { } notStarted)
        {
            return new DashboardOutcome.Shown(response with { Empty = new DashboardEmpty("not-started", notStarted) });
        }

        var scope = new DashboardScope(request.Level, request.AgencyId);
        var scoped = scope.Apply(inputs);
        if (scoped.Assignments.Count == 0)
        {
            return new DashboardOutcome.Shown(response with { Empty = new DashboardEmpty("no-match", "Không có nhiệm vụ nào được giao cho cấp hoặc cơ quan đã chọn trong kế hoạch này.") });
        }

        // PAKN cases belong to the province, not to a plan: a plan nobody has reported on yet has nothing of its own to show.
        if (inputs.Updates.Count == 0)
        {
            return new DashboardOutcome.Shown(response with { Empty = new DashboardEmpty("no-updates", "Kế hoạch chưa có báo cáo tiến độ nào của các cơ quan: chưa có số liệu để hiển thị.") });
        }

        var model = PeriodicReport.Compute(scoped, period, now);
        var trend = DashboardView.TrendPeriods(periods, period, now)
            .Select(p => p.Id == period.Id ? model : PeriodicReport.Compute(scoped, p, now))
            .ToList();
        var figures = DashboardView.Figures(model, trend, request.Access, request.OwnAgencyId);
        var workbook = scope.IsWholeProvince && request.Access != DashboardAccess.AggregatesOnly
            ? await LatestWorkbookAsync(request.Province, header.Identity.PlanId, period.Id, cancellationToken).ConfigureAwait(false)
            : null;
        return new DashboardOutcome.Shown(response.With(model, figures, workbook));
    }

    // The period's newest stored workbook (docs/reports.md): the download link, with the report API's own path.
    private async Task<DashboardWorkbook?> LatestWorkbookAsync(string province, string planId, string periodId, CancellationToken cancellationToken)
    {
        var pointer = await reports.GetPointerAsync(province, planId, periodId, cancellationToken).ConfigureAwait(false);
        if (pointer.LatestVersion < 1
            || await reports.GetAsync(province, planId, periodId, pointer.LatestVersion, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        return new DashboardWorkbook(record.ReportId, ReportEndpoints.ContentPath(record.ReportId), Path.GetFileName(record.BlobName));
    }

    // The period the page opens on: the month in progress while the plan's year runs, the whole year once it is over.
    private ReportingPeriod DefaultPeriod(int planYear, DateTimeOffset now)
    {
        var today = Domain.VietnamTime.DateOf(now);
        var month = periods.PeriodContaining(today, ReportingPeriodType.Month);
        return month.Year == planYear ? month : periods.Period(ReportingPeriodType.Year, planYear, 1);
    }

    private IReadOnlyList<ReportingPeriod> Started(int planYear, DateTimeOffset now) =>
        [.. periods.PeriodsOf(planYear).Where(p => ReportCutOff.NotStartedProblem(p, now) is null)];
}
