using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;

namespace TthcServerless.Domain.Tests.Feedback;

/// <summary>
/// Deadlines with the national limits (refuse 2, more information 5, answer 15, publish 2 working days) on the shipped
/// calendar. Every expected date is counted by hand from vietnam-public-sector-calendar.json, with day 1 the first
/// working day after the day the feedback arrived (the default counting); the count is written next to each one.
/// </summary>
public sealed class FeedbackDeadlineTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromShippedData();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void An_ordinary_week_matches_the_worked_example_of_working_days_md()
    {
        // Mon 8/6/2026: refuse by Wed 10/6 (9, 10), more information by Mon 15/6 (9–12, 15), answer by Mon 29/6
        // (9–12 = 4, 15–19 = 9, 22–26 = 14, 29 = 15).
        var deadlines = Of(Arrived(D(2026, 6, 8)));

        Assert.Equal(D(2026, 6, 10), deadlines.ClassifyBy);
        Assert.Equal(D(2026, 6, 15), deadlines.RequestInformationBy);
        Assert.Equal(D(2026, 6, 29), deadlines.AnswerBy);
        Assert.Null(deadlines.PublishBy);
    }

    [Fact]
    public void Across_a_weekend_Thursday_plus_two_is_Monday()
    {
        // Thu 4/6/2026: Fri 5/6 is day 1, Sat 6 and Sun 7 do not count, Mon 8/6 is day 2.
        Assert.Equal(D(2026, 6, 8), Of(Arrived(D(2026, 6, 4))).ClassifyBy);
    }

    [Fact]
    public void Arriving_on_a_Saturday_counts_from_Monday()
    {
        // Sat 6/6/2026: Mon 8/6 is day 1, Tue 9/6 day 2.
        Assert.Equal(D(2026, 6, 9), Of(Arrived(D(2026, 6, 6))).ClassifyBy);
    }

    [Fact]
    public void Across_Tet_2026_the_nine_day_break_does_not_count()
    {
        // Thu 12/2/2026; the break is Sat 14/2–Sun 22/2 (Tết Mon 16–Fri 20). Refuse: Fri 13/2 (1), Mon 23/2 (2).
        // Answer: 13/2 (1), 23–27/2 (6), 2–6/3 (11), 9, 10, 11, 12/3 (15) → Thu 12/3/2026.
        var deadlines = Of(Arrived(D(2026, 2, 12)));

        Assert.Equal(D(2026, 2, 23), deadlines.ClassifyBy);
        Assert.Equal(D(2026, 3, 12), deadlines.AnswerBy);
    }

    [Fact]
    public void Arriving_on_a_Tet_holiday_counts_from_the_first_working_day_after_the_break()
    {
        // Wed 18/2/2026 is mùng 2 Tết. Day 1 is Mon 23/2: refuse by Tue 24/2; more information by Fri 27/2 (23–27);
        // answer: 23–27/2 (5), 2–6/3 (10), 9–13/3 (15) → Fri 13/3/2026.
        var deadlines = Of(Arrived(D(2026, 2, 18)));

        Assert.Equal(D(2026, 2, 24), deadlines.ClassifyBy);
        Assert.Equal(D(2026, 2, 27), deadlines.RequestInformationBy);
        Assert.Equal(D(2026, 3, 13), deadlines.AnswerBy);
    }

    [Fact]
    public void Across_Tet_2027_the_provisional_break_with_its_compensatory_days_does_not_count()
    {
        // Wed 3/2/2027; provisional break Thu 4/2–Wed 10/2 (Tết 4, 5, 6, 7, 8/2; nghỉ bù 9, 10/2 for Sat 6 and Sun 7).
        // Refuse: Thu 11/2 (1), Fri 12/2 (2). More information: 11, 12, 15, 16, 17/2 → Wed 17/2/2027.
        var deadlines = Of(Arrived(D(2027, 2, 3)));

        Assert.Equal(D(2027, 2, 12), deadlines.ClassifyBy);
        Assert.Equal(D(2027, 2, 17), deadlines.RequestInformationBy);
    }

    [Fact]
    public void Across_30_April_and_1_May_2026_with_the_Gio_To_compensatory_day()
    {
        // Fri 24/4/2026. Mon 27/4 is nghỉ bù for Giỗ Tổ (Sun 26/4), Thu 30/4 and Fri 1/5 are holidays.
        // Refuse: Tue 28/4 (1), Wed 29/4 (2). More information: 28, 29/4, then Mon 4, Tue 5, Wed 6/5 (5).
        // Answer: 28, 29/4 (2), 4–8/5 (7), 11–15/5 (12), 18, 19, 20/5 (15) → Wed 20/5/2026.
        var deadlines = Of(Arrived(D(2026, 4, 24)));

        Assert.Equal(D(2026, 4, 29), deadlines.ClassifyBy);
        Assert.Equal(D(2026, 5, 6), deadlines.RequestInformationBy);
        Assert.Equal(D(2026, 5, 20), deadlines.AnswerBy);
    }

    [Fact]
    public void Across_30_April_and_1_May_2025_the_make_up_Saturday_counts_and_the_swapped_Friday_does_not()
    {
        // Fri 25/4/2025. Sat 26/4 is worked (for Fri 2/5); 30/4, 1/5 holidays, 2/5 swapped off.
        // Refuse: Sat 26/4 (1), Mon 28/4 (2). More information: 26, 28, 29/4, Mon 5/5, Tue 6/5 (5).
        var deadlines = Of(Arrived(D(2025, 4, 25)));

        Assert.Equal(D(2025, 4, 28), deadlines.ClassifyBy);
        Assert.Equal(D(2025, 5, 6), deadlines.RequestInformationBy);
    }

    [Fact]
    public void Across_2_September_2026_with_its_added_day_and_the_swapped_Monday()
    {
        // Fri 28/8/2026. Mon 31/8 swapped off (for Sat 22/8), Tue 1/9 the added Quốc khánh day, Wed 2/9.
        // Refuse: Thu 3/9 (1), Fri 4/9 (2).
        Assert.Equal(D(2026, 9, 4), Of(Arrived(D(2026, 8, 28))).ClassifyBy);
    }

    [Fact]
    public void Across_2_September_2027_the_added_day_is_Friday_3_September()
    {
        // Wed 1/9/2027. Thu 2/9 and the added day Fri 3/9 (provisional) are off. Refuse: Mon 6/9 (1), Tue 7/9 (2).
        Assert.Equal(D(2027, 9, 7), Of(Arrived(D(2027, 9, 1))).ClassifyBy);
    }

    [Fact]
    public void Across_2_September_2023_a_Saturday_with_the_day_before_and_Monday_in_lieu()
    {
        // Thu 31/8/2023. Fri 1/9 added day, Sat 2/9 Quốc khánh, Mon 4/9 nghỉ bù. Refuse: Tue 5/9 (1), Wed 6/9 (2).
        Assert.Equal(D(2023, 9, 6), Of(Arrived(D(2023, 8, 31))).ClassifyBy);
    }

    [Fact]
    public void The_publication_limit_runs_from_the_answer_day_across_New_Year()
    {
        // Answered Thu 31/12/2026; Fri 1/1/2027 is Tết Dương lịch: Mon 4/1 (1), Tue 5/1 (2).
        var answered = Arrived(D(2026, 12, 10)) with
        {
            Stage = FeedbackStage.Answered,
            Answer = new FeedbackAnswer("Trả lời", null, D(2026, 12, 31)),
        };

        var deadlines = Of(answered);

        Assert.Equal(FeedbackDeadlineKind.Publish, deadlines.CurrentKind);
        Assert.Equal(D(2027, 1, 5), deadlines.Current);
    }

    [Theory]
    [InlineData(FeedbackStage.Submitted, FeedbackDeadlineKind.Classify)]
    [InlineData(FeedbackStage.Received, FeedbackDeadlineKind.Classify)]
    [InlineData(FeedbackStage.Classified, FeedbackDeadlineKind.Answer)]
    [InlineData(FeedbackStage.Assigned, FeedbackDeadlineKind.Answer)]
    [InlineData(FeedbackStage.Handling, FeedbackDeadlineKind.Answer)]
    [InlineData(FeedbackStage.Answered, FeedbackDeadlineKind.Publish)]
    [InlineData(FeedbackStage.AwaitingInformation, null)]
    [InlineData(FeedbackStage.Published, null)]
    [InlineData(FeedbackStage.Rejected, null)]
    public void Each_stage_runs_against_one_limit(FeedbackStage stage, FeedbackDeadlineKind? kind)
    {
        Assert.Equal(kind, FeedbackWorkflow.DeadlineOf(stage));
    }

    [Fact]
    public void A_case_is_overdue_from_the_day_after_its_deadline()
    {
        // Mon 8/6/2026, still Submitted: classify by Wed 10/6.
        var deadlines = Of(Arrived(D(2026, 6, 8)));

        Assert.False(deadlines.IsOverdue(D(2026, 6, 10)));
        Assert.True(deadlines.IsOverdue(D(2026, 6, 11)));
    }

    [Fact]
    public void Waiting_for_the_sender_and_closed_cases_are_never_overdue()
    {
        foreach (var stage in new[] { FeedbackStage.AwaitingInformation, FeedbackStage.Published, FeedbackStage.Rejected })
        {
            var deadlines = Of(Arrived(D(2022, 6, 8)) with { Stage = stage });

            Assert.Null(deadlines.Current);
            Assert.False(deadlines.IsOverdue(D(2028, 1, 1)));
        }
    }

    [Fact]
    public void A_province_limit_of_ten_days_answers_earlier()
    {
        // Ninh Bình's 10 working days (QĐ 163/2025 Art 19). Mon 8/6/2026: 9–12 (4), 15–19 (9), Mon 22/6 (10).
        var limits = FeedbackLimits.National with { AnswerDays = 10 };

        Assert.Equal(D(2026, 6, 22), FeedbackDeadlines.For(Arrived(D(2026, 6, 8)) with { Stage = FeedbackStage.Handling }, limits, Calendar).Current);
    }

    [Fact]
    public void The_other_counting_rule_counts_the_arrival_day_when_it_is_a_working_day()
    {
        // IncludeEventDay: Mon 8/6/2026 is day 1, Tue 9/6 day 2.
        Assert.Equal(D(2026, 6, 9), FeedbackDeadlines.For(Arrived(D(2026, 6, 8)), FeedbackLimits.National, Calendar.WithCounting(WorkingDayCounting.IncludeEventDay)).ClassifyBy);
    }

    [Fact]
    public void A_deadline_in_a_year_the_calendar_does_not_cover_is_reported_not_guessed()
    {
        // Tue 26/12/2028: refuse by Thu 28/12 (27, 28), but + 5 or + 15 working days reaches 2029, which the shipped
        // data does not cover.
        var deadlines = Of(Arrived(D(2028, 12, 26)) with { Stage = FeedbackStage.Handling });

        Assert.Null(deadlines.AnswerBy);
        Assert.Null(deadlines.Current);
        Assert.Contains("2029", deadlines.Problem, StringComparison.Ordinal);
        Assert.Null(deadlines.RequestInformationBy);
        Assert.Equal(D(2028, 12, 28), deadlines.ClassifyBy);
    }

    [Fact]
    public void The_national_limits_are_the_defaults_and_limits_are_validated()
    {
        Assert.Equal((2, 5, 15, 2), (FeedbackLimits.National.RefuseDays, FeedbackLimits.National.RequestInformationDays, FeedbackLimits.National.AnswerDays, FeedbackLimits.National.PublishDays));
        Assert.Empty(FeedbackLimits.National.FindProblems());
        Assert.NotEmpty((FeedbackLimits.National with { AnswerDays = 0 }).FindProblems());
        Assert.NotEmpty((FeedbackLimits.National with { PublishDays = 66 }).FindProblems());
        Assert.NotEmpty((FeedbackLimits.National with { RefuseDays = 16 }).FindProblems());
        Assert.NotEmpty((FeedbackLimits.National with { AnswerDays = 4 }).FindProblems());
    }

    private static FeedbackDeadlines Of(FeedbackCase feedback) => FeedbackDeadlines.For(feedback, FeedbackLimits.National, Calendar);

    /// <summary>A case that arrived at 10:00 Vietnam time on <paramref name="day"/>, still Submitted.</summary>
    private static FeedbackCase Arrived(DateOnly day) => FeedbackCase.Create(
        TrackingCode.New(),
        new FeedbackSubmission(FeedbackKind.KienNghi, "Thủ tục cấp phép xây dựng", "Đề nghị giảm thành phần hồ sơ.", null,
            FeedbackChannel.Web, SubmitterType.Individual, new FeedbackContact("Trần Thị B", null, "b@example.vn", null, null)),
        new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(7)),
        "public").Case;
}
