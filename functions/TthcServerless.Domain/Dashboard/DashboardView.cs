using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Reports;

namespace TthcServerless.Domain.Dashboard;

/// <summary>Which slice of a plan the dashboard shows: one administrative level and/or one lead agency (null: all).</summary>
public sealed record DashboardScope(string? Level, string? AgencyId)
{
    public static DashboardScope Province { get; } = new(null, null);

    public bool IsWholeProvince => Level is null && AgencyId is null;

    /// <summary>
    /// The report inputs narrowed to the scope: the assignments of the level's or the agency's lead agencies and the
    /// PAKN cases assigned to them. The report is then computed as for the workbook — one computation, so the
    /// province-wide dashboard and the workbook cannot disagree.
    /// </summary>
    public ReportInputs Apply(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (IsWholeProvince)
        {
            return inputs;
        }

        bool InScope(string? agencyId) =>
            agencyId is not null
            && (AgencyId is null || string.Equals(agencyId, AgencyId, StringComparison.Ordinal))
            && (Level is null || string.Equals(inputs.Registry.FindAgency(agencyId)?.Level, Level, StringComparison.Ordinal));

        return inputs with
        {
            Assignments = [.. inputs.Assignments.Where(a => InScope(a.AgencyId))],
            Updates = [.. inputs.Updates.Where(u => InScope(u.AgencyId))],
            Feedback = [.. inputs.Feedback.Where(f => InScope(f.Case.AssignedAgencyId))],
        };
    }
}

/// <summary>What the caller may see: everything, the province's aggregates plus one agency's own rows, or aggregates only.</summary>
public enum DashboardAccess
{
    Everything,
    OwnAgencyRows,
    AggregatesOnly,
}

/// <summary>
/// The dashboard's figures, read off <see cref="ReportModel"/>s — never computed a second way. The cards are the
/// workbook's KPI rows (same keys), the charts its section, ranking and PAKN tables, the trend one model per earlier
/// period. Lists with task content are left out (null) for aggregate-only access and narrowed to the agency's own
/// rows for an agency.
/// </summary>
public static class DashboardView
{
    /// <summary>The KPI rows shown as cards, in order, and whether a rise is good news.</summary>
    public static IReadOnlyList<(string Key, bool HigherIsBetter)> Cards { get; } =
    [
        ("assigned", true),
        ("completed-on-time", true),
        ("completed-late", false),
        ("overdue", false),
        ("recurring-not-reported", false),
        ("on-time-rate", true),
        ("pakn-received", true),
        ("pakn-answered-on-time", true),
        ("pakn-open-past", false),
    ];

    /// <summary>Rows kept of the agency and PAKN rankings and the overdue list.</summary>
    public const int ListLimit = 200;

    /// <summary>The periods the trend walks for a period: months for a month, quarters for anything longer.</summary>
    public static ReportingPeriodType TrendKind(ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Type == ReportingPeriodType.Month ? ReportingPeriodType.Month : ReportingPeriodType.Quarter;
    }

    /// <summary>The earlier periods of the same year the trend shows, ending with the one that ends with <paramref name="period"/>.</summary>
    public static IReadOnlyList<ReportingPeriod> TrendPeriods(ReportingCalendar calendar, ReportingPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(period);
        var kind = TrendKind(period);
        return [.. calendar.PeriodsOf(period.Year)
            .Where(p => p.Type == kind && p.End <= period.End && ReportCutOff.NotStartedProblem(p, now) is null)];
    }

    public static DashboardFigures Figures(ReportModel model, IReadOnlyList<ReportModel> trend, DashboardAccess access, string? ownAgencyId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trend);
        var kpis = model.Kpis.ToDictionary(k => k.KpiKey, StringComparer.Ordinal);
        var cards = Cards
            .Where(c => kpis.ContainsKey(c.Key))
            .Select(c => Card(kpis[c.Key], c.HigherIsBetter))
            .ToList();

        IReadOnlyList<DashboardOverdue>? overdue = access switch
        {
            DashboardAccess.AggregatesOnly => null,
            _ => [.. model.Overdue
                .Where(o => access == DashboardAccess.Everything || string.Equals(o.AgencyKey, ownAgencyId, StringComparison.Ordinal))
                .Take(ListLimit)
                .Select(o => new DashboardOverdue(o.SectionNumber, o.TaskId, o.Content, o.AgencyKey, o.AgencyName, o.DueDate, o.DaysOverdue))],
        };

        return new DashboardFigures(
            cards,
            [.. model.BySection.Select(s => new DashboardSection(s.SectionNumber, s.SectionTitle, s.Counts.Assignments, s.Counts.OnTimeRate, s.Counts.Overdue))],
            [.. model.ByAgency.Take(ListLimit).Select(a => new DashboardRank(a.Rank, a.AgencyKey, a.AgencyName, a.Level, a.Counts.Assignments, a.Counts.OnTimeRate, a.Counts.Overdue))],
            [.. trend.Select(t => new DashboardTrendPoint(t.Header.Period.Id, t.Header.Period.Label, Kpi(t, "on-time-rate"), (int)(Kpi(t, "overdue") ?? 0)))],
            [.. model.Pakn.ByStage.Select(s => new DashboardStage(s.StageKey, s.StageLabel, s.Cases))],
            [.. model.Pakn.ByAgency.Take(ListLimit).Select(a => new DashboardPaknAgency(a.AgencyKey, a.AgencyName, a.AnsweredOnTime + a.AnsweredLate, a.AnswerOnTimeRate, a.OpenPastDeadline))],
            overdue);
    }

    // PAKN rows are the ones keyed pakn-… in the workbook's Kpi table; the page colours the two groups apart.
    private static DashboardCard Card(KpiRow k, bool higherIsBetter) =>
        new(k.KpiKey, k.KpiKey.StartsWith("pakn-", StringComparison.Ordinal) ? "pakn" : "plan", k.Indicator, k.IsRate ? "rate" : "count",
            k.ThisPeriod, k.PreviousPeriod, k.Change, higherIsBetter);

    private static double? Kpi(ReportModel model, string key) => model.Kpis.FirstOrDefault(k => k.KpiKey == key)?.ThisPeriod;
}

/// <summary>Everything the page draws for one plan, period and scope.</summary>
public sealed record DashboardFigures(
    IReadOnlyList<DashboardCard> Kpis,
    IReadOnlyList<DashboardSection> BySection,
    IReadOnlyList<DashboardRank> Ranking,
    IReadOnlyList<DashboardTrendPoint> Trend,
    IReadOnlyList<DashboardStage> PaknByStage,
    IReadOnlyList<DashboardPaknAgency> PaknByAgency,
    IReadOnlyList<DashboardOverdue>? Overdue);

/// <summary>A KPI card: the workbook's KPI row (<see cref="Key"/> is its KpiKey); rates are fractions.</summary>
public sealed record DashboardCard(string Key, string Group, string Label, string Format, double? Value, double? Previous, double? Change, bool HigherIsBetter);

public sealed record DashboardSection(string Section, string Title, int Assigned, double? OnTimeRate, int Overdue);

public sealed record DashboardRank(int Rank, string AgencyId, string AgencyName, string Level, int Assigned, double? OnTimeRate, int Overdue);

public sealed record DashboardTrendPoint(string PeriodId, string Label, double? OnTimeRate, int Overdue);

public sealed record DashboardStage(string Stage, string Label, int Count);

public sealed record DashboardPaknAgency(string AgencyId, string AgencyName, int Answered, double? OnTimeRate, int OpenPastDeadline);

public sealed record DashboardOverdue(string Section, string TaskId, string Content, string AgencyId, string AgencyName, DateOnly DueDate, int DaysOverdue);
