using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;

namespace TthcServerless.Domain.Tests.Progress;

public sealed class AssignmentProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private static TaskUpdate Update(string id, DateTimeOffset at, TaskProgressStatus status = TaskProgressStatus.InProgress, string period = "2026-03", OutputDocument? document = null, DateOnly? completedOn = null) =>
        new(id, "kh", "I.1", "so-tu-phap", at, "key", status, null, completedOn, document, null, null, null, period);

    [Fact]
    public void The_latest_update_by_reported_time_wins_whatever_the_order_of_arrival()
    {
        var early = Update("a", T0, TaskProgressStatus.InProgress);
        var late = Update("b", T0.AddMinutes(5), TaskProgressStatus.Completed, completedOn: new DateOnly(2026, 3, 1));

        var inOrder = AssignmentProgress.Apply(AssignmentProgress.Apply(null, early), late);
        var reversed = AssignmentProgress.Apply(AssignmentProgress.Apply(null, late), early);

        Assert.Equal(inOrder, reversed);
        Assert.Equal("b", inOrder.LatestUpdateId);
        Assert.Equal(TaskProgressStatus.Completed, inOrder.Status);
    }

    [Fact]
    public void Updates_reported_at_the_same_instant_are_ordered_by_id()
    {
        var one = AssignmentProgress.Apply(AssignmentProgress.Apply(null, Update("x1", T0)), Update("x2", T0));
        var other = AssignmentProgress.Apply(AssignmentProgress.Apply(null, Update("x2", T0)), Update("x1", T0));

        Assert.Equal("x2", one.LatestUpdateId);
        Assert.Equal(one, other);
    }

    [Fact]
    public void Applying_the_same_update_twice_changes_nothing()
    {
        var once = AssignmentProgress.Apply(null, Update("a", T0));

        Assert.Equal(once, AssignmentProgress.Apply(once, Update("a", T0)));
    }

    [Fact]
    public void The_last_known_output_document_is_kept_when_a_later_update_has_none()
    {
        var document = new OutputDocument("45/QĐ-UBND", new DateOnly(2026, 2, 1), "Kế hoạch");

        var progress = AssignmentProgress.Apply(AssignmentProgress.Apply(null, Update("a", T0, document: document)), Update("b", T0.AddDays(1)));

        Assert.Equal(document, progress.OutputDocument);
    }

    [Fact]
    public void A_document_reported_earlier_but_arriving_later_is_still_kept()
    {
        var document = new OutputDocument("45/QĐ-UBND", new DateOnly(2026, 2, 1), "Kế hoạch");
        var withDocument = Update("a", T0, document: document);
        var laterWithout = Update("c", T0.AddMinutes(5));

        var reversed = AssignmentProgress.Apply(AssignmentProgress.Apply(null, laterWithout), withDocument);

        Assert.Equal(document, reversed.OutputDocument);
        Assert.Equal("c", reversed.LatestUpdateId);
    }

    [Fact]
    public void Every_order_of_arrival_gives_the_same_snapshot()
    {
        TaskUpdate[] updates =
        [
            Update("a", T0, document: new OutputDocument("1/KH-UBND", new DateOnly(2026, 2, 1), null)),
            Update("b", T0.AddMinutes(1)),
            Update("c", T0.AddMinutes(2), document: new OutputDocument("2/QĐ-UBND", new DateOnly(2026, 2, 2), null), period: "2026-02"),
            Update("d", T0.AddMinutes(3), TaskProgressStatus.Completed, completedOn: new DateOnly(2026, 3, 1)),
        ];

        var snapshots = Permutations(updates).Select(order => order.Aggregate((AssignmentProgress?)null, AssignmentProgress.Apply)!).ToList();

        Assert.All(snapshots, s => Assert.Equal(snapshots[0], s));
        Assert.Equal("2/QĐ-UBND", snapshots[0].OutputDocument?.Number);
        Assert.Equal("d", snapshots[0].LatestUpdateId);
    }

    private static IEnumerable<TaskUpdate[]> Permutations(TaskUpdate[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations([.. items.Take(i), .. items.Skip(i + 1)]).Select(rest => (TaskUpdate[])[item, .. rest]));

    [Fact]
    public void Every_reported_period_is_remembered()
    {
        var progress = AssignmentProgress.Apply(AssignmentProgress.Apply(null, Update("a", T0, period: "2026-03")), Update("b", T0.AddMonths(-1), period: "2026-02"));

        Assert.Equal(["2026-02", "2026-03"], progress.ReportedPeriods);
        Assert.Equal("a", progress.LatestUpdateId);
    }
}

public sealed class AssignmentStandingRulesTests
{
    private static readonly ReportingCalendar Calendar = ReportingCalendar.Default;
    private static readonly DateOnly Due = new(2022, 3, 31);

    private static Assignment Deadline() => new("kh", "I.2", "van-phong", "tinh", Due, TimeframeKind.Deadline, null);

    private static Assignment Ongoing(RecurrenceKind recurrence = RecurrenceKind.Continuous) => new("kh", "I.5", "van-phong", "tinh", null, TimeframeKind.Recurring, recurrence);

    private static AssignmentProgress Reported(TaskProgressStatus status, DateOnly? completedOn = null, params string[] periods) =>
        new("u", DateTimeOffset.UnixEpoch, status, null, completedOn, null, DateTimeOffset.UnixEpoch, periods);

    [Fact]
    public void Completed_on_the_due_date_is_on_time()
    {
        var standing = AssignmentStandingRules.Evaluate(Deadline(), Reported(TaskProgressStatus.Completed, Due), new DateOnly(2022, 5, 1), Calendar);

        Assert.Equal(AssignmentStandingKind.CompletedOnTime, standing.Kind);
        Assert.Equal("Hoàn thành đúng hạn", standing.Label);
    }

    [Fact]
    public void Completed_after_the_due_date_is_late_by_the_number_of_days()
    {
        var standing = AssignmentStandingRules.Evaluate(Deadline(), Reported(TaskProgressStatus.Completed, Due.AddDays(3)), new DateOnly(2022, 5, 1), Calendar);

        Assert.Equal(AssignmentStandingKind.CompletedLate, standing.Kind);
        Assert.Equal(3, standing.DaysOverdue);
    }

    [Fact]
    public void Past_the_due_date_without_completion_is_overdue_even_when_in_progress()
    {
        var standing = AssignmentStandingRules.Evaluate(Deadline(), Reported(TaskProgressStatus.InProgress), Due.AddDays(1), Calendar);

        Assert.Equal(AssignmentStandingKind.Overdue, standing.Kind);
        Assert.Equal(1, standing.DaysOverdue);
    }

    [Fact]
    public void On_the_due_date_itself_a_task_is_not_yet_overdue()
    {
        Assert.Equal(AssignmentStandingKind.NotStarted, AssignmentStandingRules.Evaluate(Deadline(), null, Due, Calendar).Kind);
    }

    [Fact]
    public void Ongoing_work_reported_in_this_months_window_is_reported_this_period()
    {
        // 20/3/2022 falls in the April window (15/3–14/4).
        var standing = AssignmentStandingRules.Evaluate(Ongoing(), Reported(TaskProgressStatus.InProgress, null, "2022-04"), new DateOnly(2022, 3, 20), Calendar);

        Assert.Equal(AssignmentStandingKind.ReportedThisPeriod, standing.Kind);
        Assert.Equal("2022-04", standing.CurrentPeriod!.Id);
        Assert.True(standing.ReportedInCurrentPeriod);
    }

    [Fact]
    public void Ongoing_work_last_reported_in_an_earlier_month_is_not_reported_this_period()
    {
        var standing = AssignmentStandingRules.Evaluate(Ongoing(), Reported(TaskProgressStatus.InProgress, null, "2022-03"), new DateOnly(2022, 3, 20), Calendar);

        Assert.Equal(AssignmentStandingKind.NotReportedThisPeriod, standing.Kind);
    }

    [Fact]
    public void Ongoing_work_reported_completed_last_month_still_owes_this_months_report()
    {
        var standing = AssignmentStandingRules.Evaluate(Ongoing(), Reported(TaskProgressStatus.Completed, new DateOnly(2022, 3, 10), "2022-03"), new DateOnly(2022, 3, 20), Calendar);

        Assert.Equal(AssignmentStandingKind.NotReportedThisPeriod, standing.Kind);
    }

    [Fact]
    public void A_quarterly_task_counts_any_monthly_report_inside_the_quarter()
    {
        var standing = AssignmentStandingRules.Evaluate(Ongoing(RecurrenceKind.Quarterly), Reported(TaskProgressStatus.InProgress, null, "2022-02"), new DateOnly(2022, 3, 10), Calendar);

        Assert.Equal(AssignmentStandingKind.ReportedThisPeriod, standing.Kind);
        Assert.Equal("2022-Q1", standing.CurrentPeriod!.Id);
    }

    [Fact]
    public void A_task_without_a_deadline_and_no_report_is_not_started()
    {
        var eventDriven = new Assignment("kh", "I.7", "van-phong", "tinh", null, TimeframeKind.EventDriven, null);

        Assert.Equal(AssignmentStandingKind.NotStarted, AssignmentStandingRules.Evaluate(eventDriven, null, new DateOnly(2022, 6, 1), Calendar).Kind);
    }
}
