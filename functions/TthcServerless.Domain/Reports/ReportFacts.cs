namespace TthcServerless.Domain.Reports;

/// <summary>
/// The star schema behind a report: facts at the grain Power BI loads and dimensions with natural text keys, identical
/// in every run so many monthly files append. Every fact row carries the report's period key and as-of day.
/// </summary>
public sealed record ReportFacts(
    IReadOnlyList<FactAssignmentRow> Assignments,
    IReadOnlyList<FactTaskUpdateRow> TaskUpdates,
    IReadOnlyList<FactFeedbackRow> Feedback,
    IReadOnlyList<DimAgencyRow> Agencies,
    IReadOnlyList<DimTaskRow> Tasks,
    IReadOnlyList<DimSectionRow> Sections,
    IReadOnlyList<DimStandingRow> Standings,
    IReadOnlyList<DimFeedbackStageRow> FeedbackStages,
    IReadOnlyList<DimPeriodRow> Periods,
    IReadOnlyList<DimDateRow> Dates);

/// <summary>One assignment as of the report's day.</summary>
public sealed record FactAssignmentRow(
    string ReportPeriodKey,
    DateOnly AsOfDate,
    string PlanKey,
    string TaskKey,
    string SectionKey,
    string AgencyKey,
    bool IsLead,
    string TimeframeKind,
    DateOnly? DueDate,
    int? DueDateKey,
    string StandingKey,
    int? ProgressPercent,
    DateOnly? CompletedOn,
    int? DaysOverdue,
    bool ReportedThisPeriod,
    DateTimeOffset? LastReportedAt,
    string? OutputDocumentNumber,
    DateOnly? OutputDocumentDate);

/// <summary>One progress update reported inside the window.</summary>
public sealed record FactTaskUpdateRow(
    string ReportPeriodKey,
    DateOnly AsOfDate,
    string UpdateId,
    DateTimeOffset ReportedAt,
    int ReportedDateKey,
    string PeriodKey,
    string TaskKey,
    string AgencyKey,
    string Status,
    int? ProgressPercent,
    DateOnly? CompletedOn,
    bool HasDifficulty,
    bool HasProposal,
    string? Difficulties,
    string? Proposals,
    string? Summary);

/// <summary>
/// One PAKN case that arrived in the window or was open at its start, as it stood at the cut-off. No personal data and
/// no free text: the sender's name, phone, email, address, organisation and the case's content never reach a report.
/// </summary>
public sealed record FactFeedbackRow(
    string ReportPeriodKey,
    DateOnly AsOfDate,
    string CaseKey,
    string KindKey,
    string? TopicKey,
    string ChannelKey,
    string SubmitterType,
    DateOnly SubmittedOn,
    DateOnly ClockStartedOn,
    string StageKey,
    string? AgencyKey,
    DateOnly? ClassifyBy,
    DateOnly? AnswerBy,
    DateOnly? AnsweredOn,
    DateOnly? PublishBy,
    DateOnly? PublishedOn,
    bool IsRefused,
    bool? RefusedOnTime,
    bool? AnsweredOnTime,
    bool? PublishedOnTime,
    bool PendingOverdue,
    int? WorkingDaysOpen);

public sealed record DimAgencyRow(string AgencyKey, string Name, string LevelKey, string? Kind, string? ParentKey, string Groups);

public sealed record DimTaskRow(
    string TaskKey,
    string PlanKey,
    string SectionKey,
    int TaskNumber,
    string SortKey,
    string Content,
    string ExpectedOutput,
    string TimeframeText,
    string TimeframeKind,
    string? Recurrence);

public sealed record DimSectionRow(string SectionKey, string SectionNumber, string SectionTitle, int SortOrder);

public sealed record DimStandingRow(string StandingKey, string LabelVi, int SortOrder, bool IsDone, bool IsLate);

public sealed record DimFeedbackStageRow(string StageKey, string LabelVi, bool IsOpen, int SortOrder);

public sealed record DimPeriodRow(string PeriodKey, string Kind, string LabelVi, DateOnly WindowStart, DateOnly WindowEnd);

public sealed record DimDateRow(DateOnly Date, int DateKey, int Year, int Quarter, int Month, string MonthLabelVi, bool? IsWorkingDay, string? HolidayName);
