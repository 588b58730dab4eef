using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;

namespace TthcServerless.Domain.Reports;

/// <summary>
/// A feedback case as it stood at an instant, read back from its audit trail: the stage, the day its clock started (a
/// supplement restarts it), the agency it was with, and the days it was refused, answered and published. Deadlines come
/// from <see cref="FeedbackDeadlines.For"/> on the case as it then was, so a report and the live case count the same way.
/// </summary>
public sealed record FeedbackAsOf(
    FeedbackCase Case,
    DateOnly? RefusedOn,
    DateOnly? AnsweredOn,
    DateOnly? PublishedOn,
    FeedbackDeadlines Deadlines)
{
    public FeedbackStage Stage => Case.Stage;

    public bool IsClosed => FeedbackWorkflow.IsClosed(Case.Stage);

    /// <summary>Open and running against a limit (not waiting for the sender, not closed).</summary>
    public bool IsRunning => FeedbackWorkflow.DeadlineOf(Case.Stage) is not null;

    public bool? RefusedOnTime => RefusedOn is { } day && Deadlines.ClassifyBy is { } by ? day <= by : null;

    public bool? AnsweredOnTime => AnsweredOn is { } day && Deadlines.AnswerBy is { } by ? day <= by : null;

    public bool? PublishedOnTime => PublishedOn is { } day && Deadlines.PublishBy is { } by ? day <= by : null;

    /// <summary>The case at <paramref name="instant"/> (exclusive), or null when it had not arrived yet.</summary>
    public static FeedbackAsOf? At(FeedbackHistory history, DateTimeOffset instant, FeedbackLimits limits, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(history);
        var current = history.Case;
        if (current.SubmittedAt >= instant)
        {
            return null;
        }

        var stage = FeedbackStage.Submitted;
        var clockStartedOn = current.SubmittedOn;
        string? agency = null;
        DateOnly? refusedOn = null, answeredOn = null, publishedOn = null;
        var classified = false;
        foreach (var entry in history.Audit.Where(a => a.At < instant).OrderBy(a => a.Version))
        {
            var day = VietnamTime.DateOf(entry.At);
            stage = entry.To;
            switch (entry.Action)
            {
                case FeedbackAction.ClassifyInScope:
                    classified = true;
                    break;
                case FeedbackAction.ClassifyOutOfScope:
                    refusedOn = day;
                    break;
                case FeedbackAction.Assign:
                    // A forwarded case starts afresh at the new agency (FeedbackCase.Apply drops the answer).
                    agency = entry.AgencyId;
                    answeredOn = null;
                    break;
                case FeedbackAction.SupplyInformation:
                    clockStartedOn = day;
                    break;
                case FeedbackAction.Answer:
                    answeredOn = day;
                    break;
                case FeedbackAction.Publish:
                    publishedOn = day;
                    break;
            }
        }

        // An answer returned for rework is no answer until it is given again.
        if (stage is not (FeedbackStage.Answered or FeedbackStage.Published))
        {
            answeredOn = null;
        }

        var then = current with
        {
            Stage = stage,
            ClockStartedOn = clockStartedOn,
            AssignedAgencyId = agency,
            Topic = classified ? current.Topic : null,
            Answer = answeredOn is { } answered ? new FeedbackAnswer(current.Answer?.Text ?? string.Empty, null, answered) : null,
            PublishedAt = publishedOn is null ? null : current.PublishedAt,
        };
        return new FeedbackAsOf(then, refusedOn, answeredOn, publishedOn, FeedbackDeadlines.For(then, limits, calendar));
    }
}
