using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;

namespace TthcServerless.Domain.Reminders;

/// <summary>One plan's current revision as reminders need it: its assignments, each task's content, and progress.</summary>
public sealed record ReminderPlan(
    string PlanId,
    int Year,
    IReadOnlyDictionary<string, string> TaskContents,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyDictionary<(string AgencyId, string TaskId), AssignmentProgress> Progress);

/// <summary>Everything one day's run looks at.</summary>
public sealed record ReminderInput(
    string Province,
    DateOnly Today,
    DateOnly? LastCoveredDay,
    IReadOnlyList<ReminderPlan> Plans,
    IReadOnlyList<FeedbackCase> FeedbackCases,
    FeedbackLimits FeedbackLimits,
    WorkingDayCalendar Calendar,
    ReportingCalendar ReportingCalendar,
    ReminderRules Rules,
    Func<string, string?> AgencyName);

/// <summary>What a run decided: nothing on a non-working day, else one digest per recipient with something due.</summary>
public sealed record ReminderRunPlan(bool IsWorkingDay, DateOnly Since, IReadOnlyList<ReminderDigest> Digests);

/// <summary>
/// The reminder rules applied to one working day, in one place: which items are due a reminder, to whom, and how they
/// group into one <see cref="ReminderDigest"/> per recipient. Pure and stateless: the same input gives the same
/// digests, so a rerun or a second instance computes exactly what the first did. A rule fires on working days only;
/// of the rules that fired for an item since the last covered day, only the strongest is kept; completed, answered,
/// published and removed items are not in the input's open state and stop by themselves; the rules count from the
/// current due date, so a moved due date starts them again.
/// </summary>
public static class ReminderPlanner
{
    public const string OfficeName = "Văn phòng UBND tỉnh (bộ phận kiểm soát TTHC)";

    public static ReminderRunPlan Plan(ReminderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var calendar = input.Calendar;
        var today = input.Today;
        if (!calendar.IsWorkingDay(today))
        {
            return new ReminderRunPlan(false, today, []);
        }

        var since = SinceOf(input);
        var lines = new List<(string Recipient, ReminderLine Line)>();
        foreach (var plan in input.Plans)
        {
            AddPlan(input, plan, since, lines);
        }

        AddFeedback(input, since, lines);

        var digests = lines.GroupBy(l => l.Recipient, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReminderDigest(
                input.Province,
                today,
                g.Key,
                g.Key == ReminderRules.Office ? OfficeName : input.AgencyName(g.Key),
                [.. g.Select(l => l.Line)
                    .OrderBy(l => l.Section)
                    .ThenByDescending(l => l.WorkingDaysOverdue ?? -1)
                    .ThenBy(l => l.DueDate)
                    .ThenBy(l => l.ItemKey, StringComparer.Ordinal)]))
            .ToList();
        return new ReminderRunPlan(true, since, digests);
    }

    /// <summary>
    /// The day after which rules count as not yet fired: the last covered day when it is recent (a missed day is caught
    /// up, at most <see cref="ReminderRules.CatchUpWorkingDays"/> back), else the previous working day.
    /// </summary>
    public static DateOnly SinceOf(ReminderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var previous = input.Calendar.PreviousWorkingDay(input.Today);
        if (input.LastCoveredDay is not { } last || last >= previous)
        {
            return previous;
        }

        var earliest = previous;
        for (var i = 1; i < input.Rules.CatchUpWorkingDays; i++)
        {
            earliest = input.Calendar.PreviousWorkingDay(earliest);
        }

        // "Since" is exclusive: one day before the earliest working day that may be caught up.
        var floor = earliest.AddDays(-1);
        return last > floor ? last : floor;
    }

    private static void AddPlan(ReminderInput input, ReminderPlan plan, DateOnly since, List<(string, ReminderLine)> lines)
    {
        foreach (var assignment in plan.Assignments)
        {
            var progress = plan.Progress.GetValueOrDefault((assignment.AgencyId, assignment.TaskId));
            var content = Shorten(plan.TaskContents.GetValueOrDefault(assignment.TaskId) ?? "", input.Rules.MaxContentLength);
            var link = $"/api/plans/{plan.PlanId}/assignments/{assignment.AgencyId}/{assignment.TaskId}";
            if (assignment.TimeframeKind == TimeframeKind.Recurring)
            {
                AddRecurring(input, plan, assignment, progress, content, link, since, lines);
                continue;
            }

            if (assignment.DueDate is not { } due || progress?.Status == TaskProgressStatus.Completed)
            {
                continue;
            }

            var key = $"{plan.PlanId}|{assignment.AgencyId}|{assignment.TaskId}";
            Add(input, ReminderItemKind.Assignment, key, due, since, assignment.AgencyId, lines, (firing, overdue, escalated) => new ReminderLine(
                key, ReminderItemKind.Assignment, escalated ? ReminderSection.Overdue : SectionOf(firing!), escalated ? "escalation" : firing!.RuleId,
                plan.PlanId, assignment.TaskId, assignment.AgencyId, escalated ? input.AgencyName(assignment.AgencyId) ?? assignment.AgencyId : null,
                content, due, overdue, link));
        }
    }

    private static void AddRecurring(
        ReminderInput input, ReminderPlan plan, Assignment assignment, AssignmentProgress? progress, string content, string link, DateOnly since,
        List<(string, ReminderLine)> lines)
    {
        var type = AssignmentStandingRules.PeriodTypeOf(assignment.Recurrence);
        var current = input.ReportingCalendar.PeriodContaining(input.Today, type);
        var previous = input.ReportingCalendar.PeriodContaining(current.Start.AddDays(-1), type);
        foreach (var period in new[] { previous, current })
        {
            if (period.End.Year != plan.Year || AssignmentStandingRules.ReportedIn(progress, period, input.ReportingCalendar))
            {
                continue;
            }

            var key = $"{plan.PlanId}|{assignment.AgencyId}|{assignment.TaskId}|{period.Id}";
            var text = $"{content} (kỳ {period.Label})";
            Add(input, ReminderItemKind.RecurringReport, key, period.End, since, assignment.AgencyId, lines, (firing, overdue, escalated) => new ReminderLine(
                key, ReminderItemKind.RecurringReport, ReminderSection.NotReported, escalated ? "escalation" : firing!.RuleId,
                plan.PlanId, assignment.TaskId, assignment.AgencyId, escalated ? input.AgencyName(assignment.AgencyId) ?? assignment.AgencyId : null,
                text, period.End, overdue, link));
        }
    }

    private static void AddFeedback(ReminderInput input, DateOnly since, List<(string, ReminderLine)> lines)
    {
        foreach (var feedback in input.FeedbackCases)
        {
            var deadlines = FeedbackDeadlines.For(feedback, input.FeedbackLimits, input.Calendar);
            if (deadlines is not { CurrentKind: { } deadlineKind, Current: { } due })
            {
                continue;
            }

            var (kind, recipient, duty) = deadlineKind switch
            {
                FeedbackDeadlineKind.Classify => (ReminderItemKind.FeedbackClassify, ReminderRules.Office, "cần tiếp nhận, phân loại"),
                FeedbackDeadlineKind.Answer => (ReminderItemKind.FeedbackAnswer, feedback.AssignedAgencyId ?? ReminderRules.Office, "cần trả lời"),
                _ => (ReminderItemKind.FeedbackPublish, ReminderRules.Office, "cần công khai kết quả"),
            };

            // Tracking code, stage and deadline only: never the sender's name, contact or the case's words.
            var code = feedback.Code.ToString();
            var key = $"pakn|{code}|{deadlineKind}";
            var kindLabel = feedback.Kind == FeedbackKind.PhanAnh ? "Phản ánh" : "Kiến nghị";
            var text = $"{kindLabel} {code}: {FeedbackWorkflow.Label(feedback.Stage)}, {duty}";
            var link = $"/api/feedback/{code}";
            Add(input, kind, key, due, since, recipient, lines, (firing, overdue, escalated) => new ReminderLine(
                key, kind, ReminderSection.Feedback, escalated ? "escalation" : firing!.RuleId, null, null, feedback.AssignedAgencyId,
                escalated && feedback.AssignedAgencyId is { } agency ? input.AgencyName(agency) ?? agency : null, text, due, overdue, link));
        }
    }

    /// <summary>The strongest firing to the item's recipient, and the escalation to the office when it is due.</summary>
    private static void Add(
        ReminderInput input, ReminderItemKind kind, string key, DateOnly due, DateOnly since, string recipient, List<(string, ReminderLine)> lines,
        Func<ReminderFiring?, int?, bool, ReminderLine> line)
    {
        var cadence = input.Rules.CadenceOf(kind);
        ReminderFiring? firing;
        bool escalated;
        int? overdue;
        try
        {
            firing = cadence.Strongest(due, since, input.Today, input.Calendar);
            escalated = recipient != ReminderRules.Office && cadence.EscalatedBetween(due, since, input.Today, input.Calendar);
            overdue = input.Today > due ? input.Calendar.CountWorkingDays(due, input.Today) : null;
        }
        catch (CalendarNotCoveredException)
        {
            // A due date in a year the calendar does not hold yet cannot be counted in working days; the calendar API
            // says which year is missing.
            return;
        }

        if (firing is not null)
        {
            lines.Add((recipient, line(firing, overdue, false)));
        }

        if (escalated)
        {
            lines.Add((ReminderRules.Office, line(null, overdue, true)));
        }
    }

    private static ReminderSection SectionOf(ReminderFiring firing) => firing.Timing switch
    {
        ReminderTiming.Before => ReminderSection.Upcoming,
        ReminderTiming.DueDay => ReminderSection.DueToday,
        _ => ReminderSection.Overdue,
    };

    /// <summary>The first <paramref name="max"/> characters, cut at a word, with "…".</summary>
    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= max)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', max - 1);
        return string.Concat(flat.AsSpan(0, cut > max / 2 ? cut : max - 1), "…");
    }
}
