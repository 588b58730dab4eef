using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Reminders;

namespace TthcServerless.Domain.Tests.Reminders;

/// <summary>
/// The default rules on the shipped calendar, every date counted by hand. Tết 2026 is Mon 16/2–Fri 20/2; Sat 10/1/2026 is
/// a make-up working day. Assignment "I.1" of so-tu-phap is due Tue 24/2/2026: T−5 = Tue 10/2 (11, 12, 13, 23, 24), T−2 =
/// Fri 13/2 (23, 24), +1 = Wed 25/2, +6 = Wed 4/3 (25, 26, 27, 2, 3, 4), +10 = Tue 10/3 (5, 6, 9, 10), +11 = Wed 11/3.
/// </summary>
public sealed class ReminderPlannerTests
{
    private const string Agency = "so-tu-phap";
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromShippedData();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Six_working_days_before_nothing_is_sent()
    {
        Assert.Empty(Run(D(2026, 2, 9), Due(D(2026, 2, 24))).Digests);
    }

    [Fact]
    public void Five_working_days_before_the_lead_agency_is_told_it_is_coming_due()
    {
        var line = Assert.Single(LinesOf(Run(D(2026, 2, 10), Due(D(2026, 2, 24))), Agency));

        Assert.Equal(("T-5", ReminderSection.Upcoming, D(2026, 2, 24)), (line.RuleId, line.Section, line.DueDate));
    }

    [Fact]
    public void Two_working_days_before_counts_across_Tet()
    {
        Assert.Equal("T-2", Assert.Single(LinesOf(Run(D(2026, 2, 13), Due(D(2026, 2, 24))), Agency)).RuleId);
    }

    [Fact]
    public void Nothing_is_sent_on_a_Tet_weekday()
    {
        var run = Run(D(2026, 2, 18), Due(D(2026, 2, 18)));

        Assert.False(run.IsWorkingDay);
        Assert.Empty(run.Digests);
    }

    [Fact]
    public void On_the_due_day_the_item_is_due_today()
    {
        var line = Assert.Single(LinesOf(Run(D(2026, 2, 24), Due(D(2026, 2, 24))), Agency));

        Assert.Equal(("T", ReminderSection.DueToday, (int?)null), (line.RuleId, line.Section, line.WorkingDaysOverdue));
    }

    [Fact]
    public void One_working_day_after_the_item_is_overdue_by_one()
    {
        var line = Assert.Single(LinesOf(Run(D(2026, 2, 25), Due(D(2026, 2, 24))), Agency));

        Assert.Equal(("T+1", ReminderSection.Overdue, (int?)1), (line.RuleId, line.Section, line.WorkingDaysOverdue));
    }

    [Fact]
    public void Two_working_days_after_nothing_is_sent()
    {
        Assert.Empty(Run(D(2026, 2, 26), Due(D(2026, 2, 24))).Digests);
    }

    [Fact]
    public void Six_working_days_after_the_agency_is_reminded_again()
    {
        Assert.Equal("T+6", Assert.Single(LinesOf(Run(D(2026, 3, 4), Due(D(2026, 2, 24))), Agency)).RuleId);
    }

    [Fact]
    public void Ten_working_days_overdue_escalates_to_the_office_only()
    {
        var run = Run(D(2026, 3, 10), Due(D(2026, 2, 24)));

        var digest = Assert.Single(run.Digests);
        Assert.Equal(ReminderRules.Office, digest.RecipientId);
        var line = Assert.Single(digest.Lines);
        Assert.Equal(("escalation", 10, "Sở Tư pháp"), (line.RuleId, line.WorkingDaysOverdue!.Value, line.AgencyName));
    }

    [Fact]
    public void Eleven_working_days_overdue_reminds_the_agency_and_not_the_office()
    {
        var run = Run(D(2026, 3, 11), Due(D(2026, 2, 24)));

        Assert.Equal([Agency], run.Digests.Select(d => d.RecipientId));
        Assert.Equal("T+11", run.Digests[0].Lines[0].RuleId);
    }

    [Fact]
    public void A_make_up_Saturday_is_a_working_day_with_reminders()
    {
        // Due Tue 13/1/2026: T−1 = Mon 12/1, T−2 = Sat 10/1 (make-up working day).
        Assert.Equal("T-2", Assert.Single(LinesOf(Run(D(2026, 1, 10), Due(D(2026, 1, 13))), Agency)).RuleId);
    }

    [Fact]
    public void The_five_working_days_before_a_make_up_Saturday_count_it()
    {
        // Due Tue 13/1/2026: 12/1 = 1, 10/1 = 2, 9/1 = 3, 8/1 = 4, Wed 7/1 = 5.
        Assert.Equal("T-5", Assert.Single(LinesOf(Run(D(2026, 1, 7), Due(D(2026, 1, 13))), Agency)).RuleId);
    }

    [Fact]
    public void An_ordinary_Sunday_sends_nothing()
    {
        Assert.False(Run(D(2026, 1, 11), Due(D(2026, 1, 13))).IsWorkingDay);
    }

    [Fact]
    public void A_completed_assignment_is_not_reminded()
    {
        var progress = Progress(TaskProgressStatus.Completed, "2026-02");

        Assert.Empty(Run(D(2026, 2, 25), Due(D(2026, 2, 24)), progress).Digests);
    }

    [Fact]
    public void An_assignment_in_progress_is_still_reminded()
    {
        Assert.Single(Run(D(2026, 2, 25), Due(D(2026, 2, 24)), Progress(TaskProgressStatus.InProgress, "2026-02")).Digests);
    }

    [Fact]
    public void A_moved_due_date_starts_its_rules_again()
    {
        // Moved from 24/2 to Tue 3/3: on 24/2 the old due day is no reminder; 3/3 is five working days away (25, 26, 27, 2, 3).
        Assert.Equal("T-5", Assert.Single(LinesOf(Run(D(2026, 2, 24), Due(D(2026, 3, 3))), Agency)).RuleId);
    }

    [Fact]
    public void Only_the_strongest_rule_fires_when_a_missed_day_is_caught_up()
    {
        // The last run covered Mon 9/2; Tue 10/2 (T−5) and Wed 11/2, Thu 12/2 were missed; Fri 13/2 is T−2.
        var lines = LinesOf(Run(D(2026, 2, 13), Due(D(2026, 2, 24)), lastCovered: D(2026, 2, 9)), Agency);

        Assert.Equal("T-2", Assert.Single(lines).RuleId);
    }

    [Fact]
    public void A_rule_of_a_missed_day_is_caught_up_by_the_next_run()
    {
        // The last run covered Mon 9/2; Tue 10/2 (T−5) was missed; Wed 11/2 fires it.
        Assert.Equal("T-5", Assert.Single(LinesOf(Run(D(2026, 2, 11), Due(D(2026, 2, 24)), lastCovered: D(2026, 2, 9)), Agency)).RuleId);
    }

    [Fact]
    public void Catch_up_looks_back_no_further_than_the_setting()
    {
        // Last covered in December: only the five working days before Wed 11/2 count (4, 5, 6, 9, 10), and 10/2 was T−5.
        var input = Input(D(2026, 2, 11), [Due(D(2026, 2, 24))], lastCovered: D(2025, 12, 1));

        Assert.Equal(D(2026, 2, 3), ReminderPlanner.SinceOf(input));
    }

    [Fact]
    public void An_assignment_without_a_due_date_is_not_reminded()
    {
        Assert.Empty(Run(D(2026, 2, 24), Due(null)).Digests);
    }

    [Fact]
    public void A_province_may_change_a_cadence()
    {
        var rules = ReminderRules.Default with { Assignment = ReminderRules.Default.Assignment with { DaysBefore = [6] } };

        Assert.Equal("T-6", Assert.Single(LinesOf(Run(D(2026, 2, 9), Due(D(2026, 2, 24)), rules: rules), Agency)).RuleId);
    }

    [Fact]
    public void A_line_names_the_plan_task_content_and_link()
    {
        var line = Assert.Single(LinesOf(Run(D(2026, 2, 24), Due(D(2026, 2, 24))), Agency));

        Assert.Equal(("p-2026", "I.1", "Rà soát thủ tục hành chính", "/api/plans/p-2026/assignments/so-tu-phap/I.1"),
            (line.PlanId, line.TaskId, line.Text, line.Link));
    }

    // Recurring task, monthly report 2026-02: window 15/1–14/2/2026; Sat 14/2 is not a working day, so its last working
    // day is Fri 13/2; T−3 = Tue 10/2 (11, 12, 13); the first working day after the window is Mon 23/2 (Tết, weekend).

    [Fact]
    public void A_recurring_task_is_reminded_three_working_days_before_its_window_ends()
    {
        var line = Assert.Single(LinesOf(Run(D(2026, 2, 10), Recurring()), Agency));

        Assert.Equal(("T-3", ReminderSection.NotReported), (line.RuleId, line.Section));
        Assert.Contains("Tháng 02/2026", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recurring_task_is_reminded_on_the_last_working_day_of_its_window()
    {
        Assert.Equal("T", Assert.Single(LinesOf(Run(D(2026, 2, 13), Recurring()), Agency)).RuleId);
    }

    [Fact]
    public void After_the_window_the_agency_and_the_office_list_are_told_once()
    {
        var run = Run(D(2026, 2, 23), Recurring());

        Assert.Equal("T+1", Assert.Single(LinesOf(run, Agency)).RuleId);
        Assert.Equal(ReminderSection.NotReported, Assert.Single(LinesOf(run, ReminderRules.Office)).Section);
        Assert.Empty(Run(D(2026, 2, 24), Recurring()).Digests);
    }

    [Fact]
    public void A_recurring_task_reported_this_period_is_not_reminded()
    {
        Assert.Empty(Run(D(2026, 2, 13), Recurring(), Progress(TaskProgressStatus.InProgress, "2026-02")).Digests);
    }

    // PAKN: a case that arrived Mon 8/6/2026 is to be answered by Mon 29/6 (15 WD) and classified by Wed 10/6 (2 WD).

    [Fact]
    public void The_assigned_agency_is_told_three_and_one_working_days_before_the_answer_deadline()
    {
        Assert.Equal("T-3", Assert.Single(FeedbackLines(D(2026, 6, 24), Assigned(), Agency)).RuleId);
        Assert.Equal("T-1", Assert.Single(FeedbackLines(D(2026, 6, 26), Assigned(), Agency)).RuleId);
        Assert.Empty(FeedbackLines(D(2026, 6, 25), Assigned(), Agency));
    }

    [Fact]
    public void An_answer_one_working_day_late_goes_to_the_agency_and_to_the_office()
    {
        var run = RunFeedback(D(2026, 6, 30), Assigned());

        Assert.Equal("T+1", Assert.Single(LinesOf(run, Agency)).RuleId);
        Assert.Equal("escalation", Assert.Single(LinesOf(run, ReminderRules.Office)).RuleId);
    }

    [Fact]
    public void A_late_answer_is_reminded_every_two_working_days()
    {
        Assert.Empty(RunFeedback(D(2026, 7, 1), Assigned()).Digests);
        Assert.Equal("T+3", Assert.Single(FeedbackLines(D(2026, 7, 2), Assigned(), Agency)).RuleId);
    }

    [Fact]
    public void A_case_to_classify_is_the_office_s_every_working_day_from_its_deadline()
    {
        Assert.Empty(FeedbackLines(D(2026, 6, 9), Arrived(), ReminderRules.Office));
        Assert.Equal("T", Assert.Single(FeedbackLines(D(2026, 6, 10), Arrived(), ReminderRules.Office)).RuleId);
        Assert.Equal("T+1", Assert.Single(FeedbackLines(D(2026, 6, 11), Arrived(), ReminderRules.Office)).RuleId);
        Assert.Equal("T+2", Assert.Single(FeedbackLines(D(2026, 6, 12), Arrived(), ReminderRules.Office)).RuleId);
    }

    [Fact]
    public void An_answered_case_is_no_longer_reminded_to_the_agency()
    {
        var answered = Assigned() with
        {
            Stage = FeedbackStage.Answered,
            Answer = new FeedbackAnswer("Đã trả lời.", null, D(2026, 6, 26)),
        };

        Assert.Empty(FeedbackLines(D(2026, 6, 30), answered, Agency));
    }

    [Fact]
    public void A_published_case_is_not_reminded_at_all()
    {
        var published = Assigned() with { Stage = FeedbackStage.Published, Answer = new FeedbackAnswer("Đã trả lời.", null, D(2026, 6, 26)) };

        Assert.Empty(RunFeedback(D(2026, 6, 30), published).Digests);
    }

    [Fact]
    public void A_feedback_line_carries_no_personal_data_of_the_sender()
    {
        var run = RunFeedback(D(2026, 6, 30), Assigned());
        var rendered = string.Join("\n", run.Digests.Select(d => d.Render(50).Text));

        Assert.DoesNotContain("Trần Thị B", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("b@example.vn", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("giảm thành phần", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("cấp phép xây dựng", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void One_digest_per_recipient_holds_all_its_lines()
    {
        var run = Run(D(2026, 2, 24), Due(D(2026, 2, 24)), extra: [Due(D(2026, 2, 24), "I.2"), Due(D(2026, 3, 3), "I.3")]);

        var digest = Assert.Single(run.Digests);
        Assert.Equal(["I.1", "I.2", "I.3"], digest.Lines.Select(l => l.TaskId));
        Assert.Equal([ReminderSection.DueToday, ReminderSection.DueToday, ReminderSection.Upcoming], digest.Lines.Select(l => l.Section));
    }

    private static ReminderRunPlan Run(
        DateOnly today, Assignment assignment, AssignmentProgress? progress = null, DateOnly? lastCovered = null, ReminderRules? rules = null,
        IReadOnlyList<Assignment>? extra = null) =>
        ReminderPlanner.Plan(Input(today, [assignment, .. extra ?? []], progress, lastCovered, rules));

    private static ReminderInput Input(
        DateOnly today, IReadOnlyList<Assignment> assignments, AssignmentProgress? progress = null, DateOnly? lastCovered = null, ReminderRules? rules = null)
    {
        var contents = new Dictionary<string, string>
        {
            ["I.1"] = "Rà soát thủ tục hành chính",
            ["I.2"] = "Công bố danh mục",
            ["I.3"] = "Báo cáo tình hình",
            ["II.1"] = "Báo cáo định kỳ tình hình kiểm soát TTHC",
        };
        var progressMap = new Dictionary<(string, string), AssignmentProgress>();
        if (progress is not null)
        {
            foreach (var assignment in assignments)
            {
                progressMap[(assignment.AgencyId, assignment.TaskId)] = progress;
            }
        }

        return new ReminderInput("tien-giang", today, lastCovered, [new ReminderPlan("p-2026", 2026, contents, assignments, progressMap)], [],
            FeedbackLimits.National, Calendar, ReportingCalendar.Default, rules ?? ReminderRules.Default, NameOf);
    }

    private static ReminderRunPlan RunFeedback(DateOnly today, FeedbackCase feedback) =>
        ReminderPlanner.Plan(new ReminderInput("tien-giang", today, null, [], [feedback], FeedbackLimits.National, Calendar, ReportingCalendar.Default,
            ReminderRules.Default, NameOf));

    private static IReadOnlyList<ReminderLine> FeedbackLines(DateOnly today, FeedbackCase feedback, string recipient) => LinesOf(RunFeedback(today, feedback), recipient);

    private static IReadOnlyList<ReminderLine> LinesOf(ReminderRunPlan run, string recipient) =>
        run.Digests.SingleOrDefault(d => d.RecipientId == recipient)?.Lines ?? [];

    private static string? NameOf(string agencyId) => agencyId == Agency ? "Sở Tư pháp" : null;

    private static Assignment Due(DateOnly? due, string taskId = "I.1") => new("p-2026", taskId, Agency, "tinh", due, TimeframeKind.Deadline, null);

    private static Assignment Recurring() => new("p-2026", "II.1", Agency, "tinh", null, TimeframeKind.Recurring, RecurrenceKind.Continuous);

    private static AssignmentProgress Progress(TaskProgressStatus status, string period) => new(
        "u1", new DateTimeOffset(2026, 2, 1, 3, 0, 0, TimeSpan.Zero), status, null, status == TaskProgressStatus.Completed ? D(2026, 2, 1) : null, null,
        new DateTimeOffset(2026, 2, 1, 3, 0, 0, TimeSpan.Zero), [period]);

    private static FeedbackCase Arrived() => FeedbackCase.Create(
        TrackingCode.New(),
        new FeedbackSubmission(FeedbackKind.KienNghi, "Thủ tục cấp phép xây dựng", "Đề nghị giảm thành phần hồ sơ.", null,
            FeedbackChannel.Web, SubmitterType.Individual, new FeedbackContact("Trần Thị B", null, "b@example.vn", null, null)),
        new DateTimeOffset(2026, 6, 8, 10, 0, 0, TimeSpan.FromHours(7)),
        "public").Case;

    private static FeedbackCase Assigned() => Arrived() with { Stage = FeedbackStage.Handling, AssignedAgencyId = Agency };
}
