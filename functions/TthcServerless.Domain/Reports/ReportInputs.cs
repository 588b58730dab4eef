using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;

namespace TthcServerless.Domain.Reports;

/// <summary>A feedback case as stored now, with its audit trail (oldest first), so its state at any instant can be read back.</summary>
public sealed record FeedbackHistory(FeedbackCase Case, IReadOnlyList<FeedbackAuditEntry> Audit);

/// <summary>
/// Everything a periodic report is computed from: one plan revision (its tasks and assignments), the registry that
/// names its agencies, the plan's whole update history, the province's feedback cases with their audit trails, and the
/// calendars and limits the rules count with. Nothing here is read from "now": the clock is passed to
/// <see cref="PeriodicReport.Compute"/>.
/// </summary>
public sealed record ReportInputs(
    PlanIdentity Plan,
    string PlanRevision,
    IReadOnlyList<PlanSection> Sections,
    IReadOnlyList<PlanTask> Tasks,
    IReadOnlyList<Assignment> Assignments,
    AgencyRegistry Registry,
    IReadOnlyList<TaskUpdate> Updates,
    IReadOnlyList<FeedbackHistory> Feedback,
    WorkingDayCalendar WorkingDays,
    ReportingCalendar Periods,
    FeedbackLimits FeedbackLimits);
