using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Progress;

/// <summary>Where an assignment stands today, derived from its timeframe and its latest progress.</summary>
public enum AssignmentStandingKind
{
    NotStarted,
    InProgress,
    Overdue,
    CompletedOnTime,
    CompletedLate,
    Completed,
    ReportedThisPeriod,
    NotReportedThisPeriod,
}

/// <summary>The derived status, with what it was judged against.</summary>
public sealed record AssignmentStanding(
    AssignmentStandingKind Kind,
    string Label,
    DateOnly? DueDate,
    int? DaysOverdue,
    ReportingPeriod? CurrentPeriod,
    bool? ReportedInCurrentPeriod);

/// <summary>
/// The rules that turn an assignment and its progress into a status, in one place: a completed task is on time when it
/// was completed on or before its due date; a task past its due date without completion is overdue; a recurring task
/// is judged by whether the agency reported in the current reporting period (month for ongoing work, else the task's
/// cadence), with cut-off windows from the province's <see cref="ReportingCalendar"/>.
/// </summary>
public static class AssignmentStandingRules
{
    public static AssignmentStanding Evaluate(Assignment assignment, AssignmentProgress? progress, DateOnly today, ReportingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(calendar);
        var due = assignment.DueDate;

        // A recurring task is never done for good ("Thường xuyên", "Hằng quý"): a report of "completed" counts for its
        // period, and the next period needs its own report.
        if (assignment.TimeframeKind == TimeframeKind.Recurring)
        {
            var current = calendar.PeriodContaining(today, PeriodTypeOf(assignment.Recurrence));
            var reported = ReportedIn(progress, current, calendar);
            return New(reported ? AssignmentStandingKind.ReportedThisPeriod : AssignmentStandingKind.NotReportedThisPeriod, due) with
            {
                CurrentPeriod = current,
                ReportedInCurrentPeriod = reported,
            };
        }

        if (progress is { Status: TaskProgressStatus.Completed, CompletedOn: var completedOn })
        {
            return due is null || completedOn is null
                ? New(AssignmentStandingKind.Completed, due)
                : completedOn <= due
                    ? New(AssignmentStandingKind.CompletedOnTime, due)
                    : New(AssignmentStandingKind.CompletedLate, due) with { DaysOverdue = completedOn.Value.DayNumber - due.Value.DayNumber };
        }

        if (due is { } dueDate && today > dueDate)
        {
            return New(AssignmentStandingKind.Overdue, due) with { DaysOverdue = today.DayNumber - dueDate.DayNumber };
        }

        return New(progress?.Status == TaskProgressStatus.InProgress ? AssignmentStandingKind.InProgress : AssignmentStandingKind.NotStarted, due);
    }

    /// <summary>Whether a report was made for <paramref name="period"/> (or for a shorter period inside it).</summary>
    public static bool ReportedIn(AssignmentProgress? progress, ReportingPeriod period, ReportingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(calendar);
        return progress?.ReportedPeriods.Any(id => calendar.FromId(id) is { } reported && reported.Start >= period.Start && reported.End <= period.End) ?? false;
    }

    /// <summary>The reporting period a recurring task is judged by.</summary>
    public static ReportingPeriodType PeriodTypeOf(RecurrenceKind? recurrence) => recurrence switch
    {
        RecurrenceKind.Quarterly => ReportingPeriodType.Quarter,
        RecurrenceKind.HalfYearly => ReportingPeriodType.HalfYear,
        RecurrenceKind.Yearly => ReportingPeriodType.Year,
        _ => ReportingPeriodType.Month,
    };

    public static string LabelOf(AssignmentStandingKind kind) => kind switch
    {
        AssignmentStandingKind.NotStarted => "Chưa thực hiện",
        AssignmentStandingKind.InProgress => "Đang thực hiện",
        AssignmentStandingKind.Overdue => "Quá hạn",
        AssignmentStandingKind.CompletedOnTime => "Hoàn thành đúng hạn",
        AssignmentStandingKind.CompletedLate => "Hoàn thành trễ hạn",
        AssignmentStandingKind.Completed => "Đã hoàn thành",
        AssignmentStandingKind.ReportedThisPeriod => "Đã báo cáo kỳ này",
        _ => "Chưa báo cáo kỳ này",
    };

    private static AssignmentStanding New(AssignmentStandingKind kind, DateOnly? due) => new(kind, LabelOf(kind), due, null, null, null);
}
