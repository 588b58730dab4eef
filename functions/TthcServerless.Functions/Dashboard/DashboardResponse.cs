using TthcServerless.Domain.Dashboard;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Reports;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Dashboard;

/// <summary>
/// The dashboard's JSON (docs/dashboard.md): what to offer in the filters, where the view stands, and the figures. When
/// <see cref="Empty"/> is set the page says why instead of drawing zeros, and the figure lists are empty.
/// </summary>
public sealed record DashboardResponse(
    IReadOnlyList<DashboardPlan> Plans,
    DashboardPlan? Plan,
    DashboardPeriod? Period,
    IReadOnlyList<DashboardPeriodOption> Periods,
    IReadOnlyList<DashboardLevel> Levels,
    IReadOnlyList<DashboardAgency> Agencies,
    DashboardFilters Filters,
    string Access,
    DashboardEmpty? Empty,
    IReadOnlyList<DashboardCard> Kpis,
    IReadOnlyList<DashboardSection> BySection,
    IReadOnlyList<DashboardRank> Ranking,
    IReadOnlyList<DashboardTrendPoint> Trend,
    IReadOnlyList<DashboardStage> PaknByStage,
    IReadOnlyList<DashboardPaknAgency> PaknByAgency,
    IReadOnlyList<DashboardOverdue>? Overdue,
    DashboardWorkbook? Workbook)
{
    internal static DashboardResponse Nothing(IReadOnlyList<DashboardPlan> plans, DashboardRequest request, string reason, string message) =>
        new(plans, null, null, [], [], [], new DashboardFilters(request.Level, request.AgencyId), AccessName(request.Access), new DashboardEmpty(reason, message),
            [], [], [], [], [], [], null, null);

    internal static DashboardResponse Frame(IReadOnlyList<DashboardPlan> plans, ReportInputs inputs, ReportingPeriod period, DashboardRequest request, IReadOnlyList<ReportingPeriod> started, DateTimeOffset now)
    {
        var plan = new DashboardPlan(inputs.Plan.PlanId, inputs.Plan.Title ?? inputs.Plan.PlanId, inputs.Plan.DecisionNumber, inputs.Plan.Year);
        return new(
            plans,
            plan,
            PeriodOf(period, null, !ReportCutOff.IsClosed(period, now)),
            [.. started.Select(p => new DashboardPeriodOption(p.Id, WireName.Of(p.Type), p.Label))],
            [.. inputs.Registry.Levels.OrderBy(l => l.Rank).Select(l => new DashboardLevel(l.Id, l.Name))],
            [.. inputs.Registry.Agencies.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new DashboardAgency(a.Id, a.Name, a.Level))],
            new DashboardFilters(request.Level, request.AgencyId),
            AccessName(request.Access),
            null, [], [], [], [], [], [], null, null);
    }

    internal DashboardResponse With(ReportModel model, DashboardFigures figures, DashboardWorkbook? workbook) => this with
    {
        Period = PeriodOf(model.Header.Period, model.Header.AsOfDate, model.Header.Provisional),
        Kpis = figures.Kpis,
        BySection = figures.BySection,
        Ranking = figures.Ranking,
        Trend = figures.Trend,
        PaknByStage = figures.PaknByStage,
        PaknByAgency = figures.PaknByAgency,
        Overdue = figures.Overdue,
        Workbook = workbook,
    };

    private static DashboardPeriod PeriodOf(ReportingPeriod period, DateOnly? asOf, bool provisional) =>
        new(period.Id, WireName.Of(period.Type), period.Label, period.Start, period.End, asOf, provisional);

    private static string AccessName(DashboardAccess access) => access switch
    {
        DashboardAccess.Everything => "everything",
        DashboardAccess.OwnAgencyRows => "agency",
        _ => "public",
    };
}

public sealed record DashboardPlan(string Id, string Title, string? Decision, int Year);

/// <summary>The period shown: its data window (both ends inclusive), the day it is judged on, and whether it is still open.</summary>
public sealed record DashboardPeriod(string Id, string Kind, string Label, DateOnly WindowFrom, DateOnly WindowTo, DateOnly? AsOf, bool Provisional);

public sealed record DashboardPeriodOption(string Id, string Kind, string Label);

public sealed record DashboardLevel(string Id, string Name);

public sealed record DashboardAgency(string Id, string Name, string Level);

public sealed record DashboardFilters(string? Level, string? AgencyId);

/// <summary>Why there is nothing to draw: <c>no-plan</c>, <c>before-plan</c>, <c>not-started</c>, <c>no-match</c>, <c>no-updates</c>.</summary>
public sealed record DashboardEmpty(string Reason, string Message);

/// <summary>The period's newest stored workbook, to download with the same key.</summary>
public sealed record DashboardWorkbook(string ReportId, string Href, string FileName);
