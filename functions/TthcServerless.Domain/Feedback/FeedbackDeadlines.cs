using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Feedback;

/// <summary>
/// A case's deadlines, in working days of <see cref="WorkingDayCalendar"/> (weekends, public holidays, Tết, nghỉ bù and
/// swaps skipped; make-up Saturdays counted). "N ngày làm việc kể từ" day E is <c>AddWorkingDays(E, N)</c>: with the
/// default counting (<see cref="WorkingDayCounting.StartAfterEventDay"/>) day 1 is the first working day after E, so a
/// case that arrives on a holiday or a weekend starts counting on the next working day; the deadline day itself is
/// still in time, and the case is overdue from the day after it (docs/working-days.md).
/// </summary>
/// <param name="ClassifyBy">Accept or refuse by: clock start + <see cref="FeedbackLimits.RefuseDays"/>.</param>
/// <param name="RequestInformationBy">Ask for more information by: clock start + <see cref="FeedbackLimits.RequestInformationDays"/>.</param>
/// <param name="AnswerBy">Answer by: clock start + <see cref="FeedbackLimits.AnswerDays"/>.</param>
/// <param name="PublishBy">Publish by: answer day + <see cref="FeedbackLimits.PublishDays"/>; only once answered.</param>
/// <param name="CurrentKind">The limit the current stage runs against (<see cref="FeedbackWorkflow.DeadlineOf"/>), if any.</param>
/// <param name="Current">That limit's date.</param>
/// <param name="Problem">Why a deadline could not be computed (a year missing from the calendar), else null.</param>
public sealed record FeedbackDeadlines(
    DateOnly? ClassifyBy,
    DateOnly? RequestInformationBy,
    DateOnly? AnswerBy,
    DateOnly? PublishBy,
    FeedbackDeadlineKind? CurrentKind,
    DateOnly? Current,
    string? Problem)
{
    /// <summary>Overdue on <paramref name="today"/>: the current limit's day has passed (the deadline day itself is in time).</summary>
    public bool IsOverdue(DateOnly today) => Current is { } deadline && today > deadline;

    /// <summary>The deadlines of a case under <paramref name="limits"/> on <paramref name="calendar"/>.</summary>
    public static FeedbackDeadlines For(FeedbackCase feedback, FeedbackLimits limits, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(calendar);
        string? problem = null;
        DateOnly? Add(DateOnly from, int days)
        {
            try
            {
                return calendar.AddWorkingDays(from, days);
            }
            catch (CalendarNotCoveredException ex)
            {
                problem ??= $"Lịch ngày làm việc chưa có năm {ex.Year}; quản trị cần bổ sung lịch năm đó để tính hạn. / The calendar does not cover {ex.Year}.";
                return null;
            }
        }

        var start = feedback.ClockStartedOn;
        var classifyBy = Add(start, limits.RefuseDays);
        var requestBy = Add(start, limits.RequestInformationDays);
        var answerBy = Add(start, limits.AnswerDays);
        var publishBy = feedback.Answer is { } answer && feedback.Stage is FeedbackStage.Answered or FeedbackStage.Published
            ? Add(answer.AnsweredOn, limits.PublishDays)
            : null;
        var kind = FeedbackWorkflow.DeadlineOf(feedback.Stage);
        var current = kind switch
        {
            FeedbackDeadlineKind.Classify => classifyBy,
            FeedbackDeadlineKind.Answer => answerBy,
            FeedbackDeadlineKind.Publish => publishBy,
            _ => null,
        };
        return new FeedbackDeadlines(classifyBy, requestBy, answerBy, publishBy, kind, current, problem);
    }
}
