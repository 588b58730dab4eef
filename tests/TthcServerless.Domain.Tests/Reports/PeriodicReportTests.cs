using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Reports;
using static TthcServerless.Domain.Tests.Reports.ReportFixture;

namespace TthcServerless.Domain.Tests.Reports;

/// <summary>Every number of the fixture's reports, worked out by hand from <see cref="ReportFixture"/>.</summary>
public sealed class PeriodicReportTests
{
    private static readonly ReportingPeriod Q1 = ReportingPeriods.FromId("2022-Q1")!;
    private static readonly DateTimeOffset AfterQ1 = Ict(2022, 3, 20);

    private static ReportModel Report(string period = "2022-Q1", DateTimeOffset? now = null, ReportInputs? inputs = null) =>
        PeriodicReport.Compute(inputs ?? Inputs(), ReportingPeriods.FromId(period)!, now ?? AfterQ1);

    private static FactAssignmentRow Fact(ReportModel report, string task, string agency) =>
        report.Facts.Assignments.Single(f => f.TaskKey == $"{Plan.PlanId}|{task}" && f.AgencyKey == agency);

    private static double? Kpi(ReportModel report, string key) => report.Kpis.Single(k => k.KpiKey == key).ThisPeriod;

    [Fact]
    public void A_closed_period_is_final_and_stands_as_of_its_window_end()
    {
        var report = Report();

        Assert.False(report.Header.Provisional);
        Assert.Equal(new DateOnly(2022, 3, 14), report.Header.AsOfDate);
        Assert.Equal(new DateTimeOffset(2022, 3, 15, 0, 0, 0, VietnamTime.Offset), report.Header.AsOf);
        Assert.Equal((new DateOnly(2021, 12, 15), new DateOnly(2022, 3, 14)), (report.Header.Period.Start, report.Header.Period.End));
    }

    [Fact]
    public void A_quarter_one_task_due_on_31_March_is_in_progress_not_overdue_in_the_Q1_report()
    {
        var fact = Fact(Report(), "I.1", Sotp);

        Assert.Equal("in-progress", fact.StandingKey);
        Assert.Null(fact.DaysOverdue);
        Assert.DoesNotContain(Report().Overdue, o => o.TaskId == "I.1");
    }

    [Fact]
    public void The_same_task_is_overdue_in_the_half_year_report_by_the_days_from_its_due_date_to_14_June()
    {
        var report = Report("2022-H1", Ict(2022, 7, 1));

        var row = Assert.Single(report.Overdue, o => o.TaskId == "I.1");
        Assert.Equal(75, row.DaysOverdue);
        Assert.Equal(40, row.ProgressPercent);
        Assert.Equal("Thiếu nhân lực.", row.LastDifficulty);
    }

    [Fact]
    public void A_task_completed_after_its_due_date_is_completed_late_by_the_days_between()
    {
        var fact = Fact(Report(), "I.2", Soyt);

        Assert.Equal("completed-late", fact.StandingKey);
        Assert.Equal(5, fact.DaysOverdue);
        Assert.Equal(new DateOnly(2022, 3, 5), fact.CompletedOn);
    }

    [Fact]
    public void A_task_never_reported_past_its_due_date_is_overdue_by_calendar_days_to_the_cut_off()
    {
        var row = Assert.Single(Report().Overdue);

        Assert.Equal(("I.4", Xa, 42), (row.TaskId, row.AgencyKey, row.DaysOverdue));
        Assert.Null(row.LastReportedAt);
    }

    [Fact]
    public void A_recurring_task_without_a_report_for_the_month_at_the_cut_off_is_not_reported()
    {
        var row = Assert.Single(Report().NotReported);

        Assert.Equal(("II.1", Soyt, "2022-03", "Hằng tháng"), (row.TaskId, row.AgencyKey, row.CadencePeriodId, row.Cadence));
        Assert.Equal(Ict(2022, 2, 1), row.LastReportedAt);
        Assert.Equal("reported-this-period", Fact(Report(), "II.1", Sotp).StandingKey);
    }

    [Fact]
    public void Task_kpis_count_every_standing_and_the_on_time_rate_is_on_time_over_on_time_late_and_overdue()
    {
        var report = Report();

        Assert.Equal(7, Kpi(report, "assigned"));
        Assert.Equal(1, Kpi(report, "completed-on-time"));
        Assert.Equal(1, Kpi(report, "completed-late"));
        Assert.Equal(1, Kpi(report, "in-progress"));
        Assert.Equal(1, Kpi(report, "not-started"));
        Assert.Equal(1, Kpi(report, "overdue"));
        Assert.Equal(1, Kpi(report, "recurring-reported"));
        Assert.Equal(1, Kpi(report, "recurring-not-reported"));
        Assert.Equal(1.0 / 3, Kpi(report, "on-time-rate")!.Value, 9);
    }

    [Fact]
    public void Kpis_compare_with_the_previous_period_of_the_same_kind()
    {
        var report = Report();

        Assert.Equal("2021-Q4", report.Header.PreviousPeriod.Id);
        var notReported = report.Kpis.Single(k => k.KpiKey == "recurring-not-reported");
        Assert.Equal((1, 2, -1), (notReported.ThisPeriod, notReported.PreviousPeriod, notReported.Change));
        var rate = report.Kpis.Single(k => k.KpiKey == "on-time-rate");
        Assert.Null(rate.PreviousPeriod);
        Assert.Null(rate.Change);
        Assert.True(rate.IsRate);
    }

    [Fact]
    public void A_period_whose_window_is_open_is_provisional_and_stands_as_of_now()
    {
        var now = Ict(2022, 3, 10, 15);

        var report = Report(now: now);

        Assert.True(report.Header.Provisional);
        Assert.Equal(now, report.Header.AsOf);
        Assert.Equal(new DateOnly(2022, 3, 10), report.Header.AsOfDate);
        Assert.Equal(38, Assert.Single(report.Overdue).DaysOverdue);
    }

    [Fact]
    public void A_period_whose_window_has_not_started_cannot_be_reported()
    {
        var q3 = ReportingPeriods.FromId("2022-Q3")!;

        Assert.Throws<ArgumentException>(() => { _ = PeriodicReport.Compute(Inputs(), q3, AfterQ1); });
        Assert.Contains("15/06/2022", ReportCutOff.NotStartedProblem(q3, AfterQ1), StringComparison.Ordinal);
    }

    [Fact]
    public void Regenerating_a_closed_period_later_gives_the_same_numbers_and_fingerprint()
    {
        var later = Update("u9", "I.4", Xa, Ict(2022, 4, 2), TaskProgressStatus.Completed, period: "2022-04", completedOn: new DateOnly(2022, 4, 1));

        var first = Report();
        var again = Report(now: Ict(2022, 12, 1), inputs: Inputs([.. Updates, later]));

        Assert.Equal(first.Kpis, again.Kpis);
        Assert.Equal(first.Header.InputFingerprint, again.Header.InputFingerprint);
        Assert.Equal(first.Facts.Assignments, again.Facts.Assignments);
    }

    [Fact]
    public void A_late_update_for_a_period_inside_a_closed_window_counts_and_changes_the_fingerprint()
    {
        var late = Update("u8", "I.1", Sotp, Ict(2022, 3, 20), TaskProgressStatus.Completed, period: "2022-03", completedOn: new DateOnly(2022, 3, 12));

        var before = Report();
        var after = Report(now: Ict(2022, 3, 21), inputs: Inputs([.. Updates, late]));

        Assert.Equal("completed-on-time", Fact(after, "I.1", Sotp).StandingKey);
        Assert.NotEqual(before.Header.InputFingerprint, after.Header.InputFingerprint);
    }

    [Fact]
    public void Lead_agencies_are_ranked_by_on_time_rate_then_by_overdue_count()
    {
        var report = Report();

        Assert.Equal([Sotp, Soyt, Xa], report.ByAgency.Select(a => a.AgencyKey));
        Assert.Equal([1, 2, 3], report.ByAgency.Select(a => a.Rank));
        Assert.Equal(1.0, report.ByAgency[0].Counts.OnTimeRate);
        Assert.Equal((0.0, 1, 42.0), (report.ByAgency[2].Counts.OnTimeRate!.Value, report.ByAgency[2].Counts.Overdue, report.ByAgency[2].AverageDaysOverdue!.Value));
        Assert.Equal(7, report.AgencyTotal.Counts.Assignments);
        Assert.Equal("Cấp xã", report.ByAgency[2].Level);
    }

    [Fact]
    public void Sections_count_their_tasks_and_assignments()
    {
        var report = Report();

        Assert.Equal([("I", 4, 4), ("II", 2, 3)], report.BySection.Select(s => (s.SectionNumber, s.Tasks, s.Counts.Assignments)));
        Assert.Equal(1, report.BySection[0].Counts.Overdue);
    }

    [Fact]
    public void Issues_are_the_window_updates_with_difficulties_or_proposals_and_keep_their_text_as_stored()
    {
        var issues = Report().Issues;

        Assert.Equal(["u1-I.1", "u2-I.2"], issues.Select(i => $"u{(i.TaskId == "I.1" ? 1 : 2)}-{i.TaskId}"));
        Assert.Equal("=Đề nghị bổ sung kinh phí", issues[1].Proposals);
        Assert.Equal("Đã hoàn thành", issues[1].StatusLabel);
    }

    [Fact]
    public void Upcoming_lists_unfinished_assignments_due_in_the_next_window_by_due_date()
    {
        var upcoming = Report().Upcoming;

        Assert.Equal([("I.1", new DateOnly(2022, 3, 31)), ("II.2", new DateOnly(2022, 4, 15))], upcoming.Select(u => (u.TaskId, u.DueDate)));
    }

    [Fact]
    public void Feedback_results_count_the_window_cases_by_outcome_against_their_working_day_limits()
    {
        var result = Report().Pakn.Result;

        Assert.Equal(5, result.ReceivedInPeriod);
        Assert.Equal(0, result.CarriedOver);
        Assert.Equal((0, 1), (result.RefusedOnTime, result.RefusedLate));
        Assert.Equal((2, 0), (result.AnsweredOnTime, result.AnsweredLate));
        Assert.Equal((1, 0), (result.PublishedOnTime, result.PublishedLate));
        Assert.Equal((1, 1), (result.OpenWithinDeadline, result.OpenPastDeadline));
        Assert.Equal(1, result.AwaitingInformation);
        Assert.Equal(1.0, result.AnswerOnTimeRate);
    }

    [Fact]
    public void A_case_open_when_the_window_began_is_carried_over()
    {
        var result = Report("2022-03").Pakn.Result;

        Assert.Equal((4, 1), (result.ReceivedInPeriod, result.CarriedOver));
    }

    [Fact]
    public void Feedback_facts_carry_the_stage_and_deadlines_at_the_cut_off()
    {
        var facts = Report().Facts.Feedback;

        Assert.Equal(5, facts.Count);
        var late = Assert.Single(facts, f => f.PendingOverdue);
        Assert.Equal(("handling", Soyt, new DateOnly(2022, 3, 4)), (late.StageKey, late.AgencyKey, late.AnswerBy));
        Assert.Equal(["answered", "awaiting-information", "handling", "published", "rejected"], facts.Select(f => f.StageKey).Order());
    }

    [Fact]
    public void Feedback_by_stage_lists_every_stage_and_by_agency_counts_assigned_cases()
    {
        var pakn = Report().Pakn;

        Assert.Equal(9, pakn.ByStage.Count);
        Assert.Equal(5, pakn.ByStage.Sum(s => s.Cases));
        var sotp = pakn.ByAgency.Single(a => a.AgencyKey == Sotp);
        Assert.Equal((2, 2, 0), (sotp.Assigned, sotp.AnsweredOnTime, sotp.OpenPastDeadline));
        Assert.Equal(1, pakn.ByAgency.Single(a => a.AgencyKey == Soyt).OpenPastDeadline);
        Assert.Equal(2, pakn.ByTopic.Single(t => t.Dimension == "topic" && t.Key == "regulation").Cases);
    }

    [Fact]
    public void Fact_rows_carry_the_report_period_key_and_as_of_day()
    {
        var facts = Report().Facts;

        Assert.All(facts.Assignments, f => Assert.Equal(("2022-Q1", new DateOnly(2022, 3, 14)), (f.ReportPeriodKey, f.AsOfDate)));
        Assert.All(facts.TaskUpdates, f => Assert.Equal("2022-Q1", f.ReportPeriodKey));
        Assert.Equal(5, facts.TaskUpdates.Count);
        Assert.Equal(7, facts.Assignments.Count);
    }

    [Fact]
    public void The_date_dimension_covers_the_window_and_due_dates_and_marks_working_days()
    {
        var dates = Report().Facts.Dates;

        Assert.Equal(new DateOnly(2021, 12, 15), dates[0].Date);
        Assert.Equal(new DateOnly(2022, 4, 15), dates[^1].Date);
        Assert.Null(dates[0].IsWorkingDay);
        var tet = dates.Single(d => d.Date == new DateOnly(2022, 2, 1));
        Assert.False(tet.IsWorkingDay);
        Assert.NotNull(tet.HolidayName);
        Assert.True(dates.Single(d => d.DateKey == 20220301).IsWorkingDay);
    }

    [Fact]
    public void Computing_twice_from_the_same_inputs_gives_equal_numbers()
    {
        Assert.Equal(Report().Kpis, Report().Kpis);
        Assert.Equal(Report().Header.InputFingerprint, Report().Header.InputFingerprint);
    }

    [Theory]
    [InlineData("2022-01", "2021-12", "2022-02")]
    [InlineData("2022-Q1", "2021-Q4", "2022-Q2")]
    [InlineData("2022-H1", "2021-H2", "2022-H2")]
    [InlineData("2022-H2", "2022-H1", "2023-H1")]
    [InlineData("2022-9M", "2021-9M", "2022-Q4")]
    [InlineData("2022", "2021", "2023")]
    public void Periods_have_a_previous_of_the_same_kind_and_a_next(string id, string previous, string next)
    {
        var period = ReportingPeriods.FromId(id)!;

        Assert.Equal((previous, next), (ReportingPeriods.Previous(period).Id, ReportingPeriods.Next(period).Id));
    }
}
