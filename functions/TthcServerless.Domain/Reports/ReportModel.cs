using TthcServerless.Domain.Periods;

namespace TthcServerless.Domain.Reports;

/// <summary>
/// One periodic report, computed once and rendered twice: as the Excel workbook and as the dashboard's JSON. A plain
/// immutable object graph: every number is a value (no renderer computes), every list is in its display order.
/// </summary>
public sealed record ReportModel(
    ReportHeader Header,
    IReadOnlyList<KpiRow> Kpis,
    IReadOnlyList<SectionRow> BySection,
    IReadOnlyList<AgencyRankRow> ByAgency,
    AgencyRankRow AgencyTotal,
    IReadOnlyList<OverdueRow> Overdue,
    IReadOnlyList<NotReportedRow> NotReported,
    IReadOnlyList<IssueRow> Issues,
    PaknTables Pakn,
    IReadOnlyList<UpcomingRow> Upcoming,
    ReportFacts Facts);

/// <summary>
/// What the report is about and when it stands: <see cref="AsOf"/> is the instant the data is cut at (the end of the
/// window's last day, or now for a provisional report), <see cref="AsOfDate"/> its Vietnam day, the day standings are
/// judged on.
/// </summary>
public sealed record ReportHeader(
    string Province,
    string PlanId,
    string PlanRevision,
    string? PlanTitle,
    string? DecisionNumber,
    DateOnly? DecisionDate,
    int PlanYear,
    ReportingPeriod Period,
    ReportingPeriod PreviousPeriod,
    ReportingPeriod NextPeriod,
    DateTimeOffset AsOf,
    DateOnly AsOfDate,
    bool Provisional,
    DateTimeOffset GeneratedAt,
    string InputFingerprint);

/// <summary>A KPI: this period's value, the previous period's (same kind), and the change; rates are fractions (0–1).</summary>
public sealed record KpiRow(string KpiKey, string Group, string Indicator, bool IsRate, double? ThisPeriod, double? PreviousPeriod, double? Change);

/// <summary>Counts of standings over a set of assignments, and the on-time rate they give.</summary>
public sealed record StandingCounts(
    int Assignments,
    int CompletedOnTime,
    int CompletedLate,
    int CompletedUndated,
    int InProgress,
    int NotStarted,
    int Overdue,
    int RecurringReported,
    int RecurringNotReported)
{
    /// <summary>Tasks whose outcome is known against a deadline: done (on time or late) or past due.</summary>
    public int Judged => CompletedOnTime + CompletedLate + Overdue;

    /// <summary>Hoàn thành đúng hạn / (đúng hạn + trễ hạn + quá hạn); null when nothing was due yet.</summary>
    public double? OnTimeRate => Judged == 0 ? null : (double)CompletedOnTime / Judged;
}

/// <summary>One plan section (I–VI): its tasks, assignments and standings.</summary>
public sealed record SectionRow(string SectionKey, string SectionNumber, string SectionTitle, int Tasks, StandingCounts Counts);

/// <summary>One lead agency's line in the ranking (<see cref="Rank"/> 0 for the total row).</summary>
public sealed record AgencyRankRow(
    int Rank,
    string AgencyKey,
    string AgencyName,
    string Level,
    string Groups,
    int DueInPeriod,
    StandingCounts Counts,
    double? AverageDaysOverdue);

/// <summary>An assignment past its due date and not completed, as of the report's day.</summary>
public sealed record OverdueRow(
    string SectionNumber,
    string TaskId,
    string Content,
    string AgencyKey,
    string AgencyName,
    DateOnly DueDate,
    int DaysOverdue,
    int? ProgressPercent,
    DateTimeOffset? LastReportedAt,
    string? LastDifficulty);

/// <summary>A recurring assignment with no report for the cadence period that contains the report's day.</summary>
public sealed record NotReportedRow(
    string TaskId,
    string Content,
    string AgencyKey,
    string AgencyName,
    string Cadence,
    string CadencePeriodId,
    DateTimeOffset? LastReportedAt);

/// <summary>An update reported in the window with difficulties or proposals.</summary>
public sealed record IssueRow(
    DateTimeOffset ReportedAt,
    string AgencyKey,
    string AgencyName,
    string TaskId,
    string? Difficulties,
    string? Proposals,
    string StatusLabel);

/// <summary>An assignment not yet completed and due in the next window.</summary>
public sealed record UpcomingRow(string TaskId, string Content, string AgencyKey, string AgencyName, DateOnly DueDate);

/// <summary>The PAKN tables (766 index rules, limits in working days).</summary>
public sealed record PaknTables(
    IReadOnlyList<PaknStageRow> ByStage,
    PaknResult Result,
    IReadOnlyList<PaknAgencyRow> ByAgency,
    IReadOnlyList<PaknTopicRow> ByTopic);

/// <summary>Cases in one stage at the report's instant.</summary>
public sealed record PaknStageRow(string StageKey, string StageLabel, int Cases);

/// <summary>
/// How the window's cases were handled: received in the window, carried over open from before it; refusals, answers and
/// publications made in the window, on time or late; cases still open at the cut-off, within or past their limit.
/// </summary>
public sealed record PaknResult(
    int ReceivedInPeriod,
    int CarriedOver,
    int RefusedOnTime,
    int RefusedLate,
    int AnsweredOnTime,
    int AnsweredLate,
    int PublishedOnTime,
    int PublishedLate,
    int OpenWithinDeadline,
    int OpenPastDeadline,
    int AwaitingInformation)
{
    public int Refused => RefusedOnTime + RefusedLate;

    /// <summary>Đã trả lời đúng hạn / đã trả lời trong kỳ; null when nothing was answered.</summary>
    public double? AnswerOnTimeRate => AnsweredOnTime + AnsweredLate == 0 ? null : (double)AnsweredOnTime / (AnsweredOnTime + AnsweredLate);
}

/// <summary>One assigned agency's PAKN handling in the window.</summary>
public sealed record PaknAgencyRow(string AgencyKey, string AgencyName, int Assigned, int AnsweredOnTime, int AnsweredLate, int OpenWithinDeadline, int OpenPastDeadline)
{
    public double? AnswerOnTimeRate => AnsweredOnTime + AnsweredLate == 0 ? null : (double)AnsweredOnTime / (AnsweredOnTime + AnsweredLate);
}

/// <summary>Cases of the window by topic (quy định vs hành vi), kind and channel.</summary>
public sealed record PaknTopicRow(string Dimension, string Key, string Label, int Cases);
