using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Tests.Calendar;

/// <summary>Deadlines and working days on the shipped calendar, each expectation computed by hand.</summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromShippedData();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void An_ordinary_weekday_is_a_working_day_and_a_weekend_day_is_not()
    {
        Assert.True(Calendar.IsWorkingDay(D(2026, 6, 10)));   // Wednesday
        Assert.False(Calendar.IsWorkingDay(D(2026, 6, 13)));  // Saturday
        Assert.False(Calendar.IsWorkingDay(D(2026, 6, 14)));  // Sunday
    }

    [Fact]
    public void A_deadline_across_a_weekend_lands_in_the_next_week()
    {
        // Thu 4/6/2026 + 2: Fri 5/6 is day 1, Sat 6 and Sun 7 do not count, Mon 8/6 is day 2.
        Assert.Equal(D(2026, 6, 8), Calendar.AddWorkingDays(D(2026, 6, 4), 2));
    }

    [Fact]
    public void An_event_on_Friday_plus_one_working_day_is_due_on_Monday()
    {
        Assert.Equal(D(2026, 6, 8), Calendar.AddWorkingDays(D(2026, 6, 5), 1));
    }

    [Fact]
    public void A_deadline_across_Tet_2026_lands_after_the_nine_day_break()
    {
        // Event Fri 13/2/2026. Break Sat 14/2–Sun 22/2 (Tết Mon 16–Fri 20 between two weekends).
        // Day 1 Mon 23/2, 2 Tue 24, 3 Wed 25, 4 Thu 26, 5 Fri 27/2.
        Assert.Equal(D(2026, 2, 27), Calendar.AddWorkingDays(D(2026, 2, 13), 5));
    }

    [Fact]
    public void A_deadline_across_30_April_2025_skips_the_swapped_Friday()
    {
        // Event Tue 29/4/2025. Wed 30/4 and Thu 1/5 are holidays, Fri 2/5 is the swapped day off, Sat 3–Sun 4 weekend:
        // day 1 is Mon 5/5/2025.
        Assert.Equal(D(2025, 5, 5), Calendar.AddWorkingDays(D(2025, 4, 29), 1));
    }

    [Fact]
    public void The_2024_swap_gives_Monday_29_April_off()
    {
        // Event Fri 26/4/2024. Sat 27–Sun 28, Mon 29/4 swapped off, Tue 30/4 and Wed 1/5 holidays: day 1 is Thu 2/5/2024.
        Assert.False(Calendar.IsWorkingDay(D(2024, 4, 29)));
        Assert.Equal(D(2024, 5, 2), Calendar.AddWorkingDays(D(2024, 4, 26), 1));
    }

    [Fact]
    public void A_make_up_Saturday_counts_as_a_working_day()
    {
        // Sat 4/5/2024 is worked in exchange for Mon 29/4/2024: from Fri 3/5, day 1 is Sat 4/5 and day 2 Mon 6/5.
        Assert.True(Calendar.IsWorkingDay(D(2024, 5, 4)));
        Assert.Equal(D(2024, 5, 4), Calendar.AddWorkingDays(D(2024, 5, 3), 1));
        Assert.Equal(D(2024, 5, 6), Calendar.AddWorkingDays(D(2024, 5, 3), 2));
    }

    [Fact]
    public void National_Day_2025_takes_Monday_1_and_Tuesday_2_September()
    {
        // 2/9/2025 is a Tuesday and the adjacent day chosen is Mon 1/9. From Fri 29/8: Sat 30, Sun 31, Mon 1/9 and
        // Tue 2/9 off, day 1 is Wed 3/9/2025.
        Assert.False(Calendar.IsWorkingDay(D(2025, 9, 1)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 9, 2)));
        Assert.Equal(D(2025, 9, 3), Calendar.AddWorkingDays(D(2025, 8, 29), 1));
    }

    [Fact]
    public void National_Day_2026_is_a_five_day_break_with_Saturday_22_August_worked()
    {
        // 2/9/2026 is a Wednesday, the adjacent day is Tue 1/9 and Mon 31/8 is swapped for Sat 22/8.
        // From Fri 28/8: Sat 29, Sun 30, Mon 31/8, Tue 1/9, Wed 2/9 off, day 1 is Thu 3/9/2026.
        Assert.Equal(D(2026, 9, 3), Calendar.AddWorkingDays(D(2026, 8, 28), 1));
        // From Fri 21/8: day 1 is the make-up Saturday 22/8.
        Assert.Equal(D(2026, 8, 22), Calendar.AddWorkingDays(D(2026, 8, 21), 1));
    }

    [Fact]
    public void An_event_received_on_a_holiday_counts_from_the_next_working_day()
    {
        // Received Thu 30/4/2026 (Ngày Chiến thắng). Fri 1/5 holiday, Sat 2–Sun 3 weekend: day 1 is Mon 4/5/2026,
        // under either counting rule, since the event day is not a working day.
        Assert.Equal(D(2026, 5, 4), Calendar.AddWorkingDays(D(2026, 4, 30), 1));
        Assert.Equal(D(2026, 5, 4), Calendar.WithCounting(WorkingDayCounting.IncludeEventDay).AddWorkingDays(D(2026, 4, 30), 1));
    }

    [Fact]
    public void A_holiday_on_Sunday_gives_a_compensatory_day_off_on_Monday()
    {
        // Giỗ Tổ Hùng Vương 2026 is Sun 26/4, so Mon 27/4 is nghỉ bù. From Fri 24/4, day 1 is Tue 28/4/2026.
        Assert.Equal(CalendarDayKind.Compensatory, Calendar.EntryOn(D(2026, 4, 27))?.Kind);
        Assert.False(Calendar.IsWorkingDay(D(2026, 4, 27)));
        Assert.Equal(D(2026, 4, 28), Calendar.AddWorkingDays(D(2026, 4, 24), 1));
    }

    [Fact]
    public void Vietnamese_Culture_Day_2026_is_a_day_off()
    {
        // 24/11/2026 is a Tuesday; from Mon 23/11, day 1 is Wed 25/11/2026.
        Assert.Equal(CalendarDayKind.DayOff, Calendar.EntryOn(D(2026, 11, 24))?.Kind);
        Assert.Equal(D(2026, 11, 25), Calendar.AddWorkingDays(D(2026, 11, 23), 1));
    }

    [Fact]
    public void The_PAKN_limits_of_2_5_and_15_working_days_from_a_sample_receipt()
    {
        // Received Mon 8/6/2026, no holiday in June. Refuse by day 2 = Wed 10/6; ask for more information by day 5 =
        // Mon 15/6; answer by day 15: Tue 9 (1) … Fri 12 (4), Mon 15 (5) … Fri 19 (9), Mon 22 (10) … Fri 26 (14),
        // Mon 29/6 (15).
        var received = D(2026, 6, 8);
        Assert.Equal(D(2026, 6, 10), Calendar.AddWorkingDays(received, 2));
        Assert.Equal(D(2026, 6, 15), Calendar.AddWorkingDays(received, 5));
        Assert.Equal(D(2026, 6, 29), Calendar.AddWorkingDays(received, 15));
        // Publication within 2 working days of "chờ công khai" starting Fri 26/6: Mon 29 (1), Tue 30/6 (2).
        Assert.Equal(D(2026, 6, 30), Calendar.AddWorkingDays(D(2026, 6, 26), 2));
    }

    [Fact]
    public void A_pending_PAKN_is_in_time_until_15_working_days_have_elapsed()
    {
        // Received Mon 8/6/2026: on Mon 29/6 exactly 15 working days have elapsed (in time), on Tue 30/6 sixteen.
        Assert.Equal(15, Calendar.WorkingDaysElapsed(D(2026, 6, 8), D(2026, 6, 29)));
        Assert.Equal(16, Calendar.WorkingDaysElapsed(D(2026, 6, 8), D(2026, 6, 30)));
    }

    [Fact]
    public void Counting_from_the_event_day_is_a_setting_that_makes_a_working_event_day_day_one()
    {
        // Event Mon 8/6/2026 + 2. Default: Tue 9 (1), Wed 10 (2). Including the event day: Mon 8 (1), Tue 9 (2).
        var including = Calendar.WithCounting(WorkingDayCounting.IncludeEventDay);
        Assert.Equal(WorkingDayCounting.StartAfterEventDay, Calendar.Counting);
        Assert.Equal(D(2026, 6, 10), Calendar.AddWorkingDays(D(2026, 6, 8), 2));
        Assert.Equal(D(2026, 6, 9), including.AddWorkingDays(D(2026, 6, 8), 2));
        // Friday + 1 is that same Friday when the event day counts.
        Assert.Equal(D(2026, 6, 5), including.AddWorkingDays(D(2026, 6, 5), 1));
        Assert.Equal(1, including.WorkingDaysElapsed(D(2026, 6, 5), D(2026, 6, 5)));
    }

    [Fact]
    public void The_counting_rule_can_be_chosen_when_the_calendar_is_built()
    {
        var including = WorkingDayCalendar.FromShippedData(counting: WorkingDayCounting.IncludeEventDay);

        Assert.Equal(WorkingDayCounting.IncludeEventDay, including.Counting);
        Assert.Equal(D(2026, 6, 9), including.AddWorkingDays(D(2026, 6, 8), 2));
    }

    [Theory]
    [InlineData(WorkingDayCounting.StartAfterEventDay)]
    [InlineData(WorkingDayCounting.IncludeEventDay)]
    public void Zero_working_days_is_the_event_day_itself(WorkingDayCounting counting)
    {
        var calendar = Calendar.WithCounting(counting);

        Assert.Equal(D(2026, 6, 8), calendar.AddWorkingDays(D(2026, 6, 8), 0));   // a working Monday
        Assert.Equal(D(2026, 4, 30), calendar.AddWorkingDays(D(2026, 4, 30), 0)); // a holiday stays as it is
    }

    [Fact]
    public void A_negative_number_of_working_days_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D(2026, 6, 8), -1));
    }

    [Fact]
    public void Counting_working_days_across_Tet_2026_skips_the_break()
    {
        // After Fri 13/2 up to and including Fri 27/2/2026: Mon 23 to Fri 27/2 = 5.
        Assert.Equal(5, Calendar.CountWorkingDays(D(2026, 2, 13), D(2026, 2, 27)));
        Assert.Equal(0, Calendar.CountWorkingDays(D(2026, 2, 13), D(2026, 2, 13)));
        Assert.Equal(0, Calendar.CountWorkingDays(D(2026, 2, 13), D(2026, 2, 22)));
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.CountWorkingDays(D(2026, 6, 8), D(2026, 6, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.WorkingDaysElapsed(D(2026, 6, 8), D(2026, 6, 5)));
    }

    [Fact]
    public void Next_and_previous_working_days_step_over_the_Tet_break()
    {
        Assert.Equal(D(2026, 2, 23), Calendar.NextWorkingDay(D(2026, 2, 13)));
        Assert.Equal(D(2026, 2, 13), Calendar.PreviousWorkingDay(D(2026, 2, 23)));
        Assert.Equal(D(2026, 2, 23), Calendar.NextWorkingDay(D(2026, 2, 17)));  // from inside the break
    }

    [Theory]
    [InlineData(WorkingDayCounting.StartAfterEventDay)]
    [InlineData(WorkingDayCounting.IncludeEventDay)]
    public void Every_deadline_is_the_first_day_on_which_its_working_days_have_elapsed(WorkingDayCounting counting)
    {
        var calendar = Calendar.WithCounting(counting);
        for (var eventDay = D(2022, 1, 1); eventDay <= D(2028, 11, 30); eventDay = eventDay.AddDays(1))
        {
            foreach (var limit in (int[])[1, 2, 5, 15])
            {
                var deadline = calendar.AddWorkingDays(eventDay, limit);

                Assert.True(calendar.IsWorkingDay(deadline), $"{eventDay} + {limit} = {deadline}");
                Assert.Equal(limit, calendar.WorkingDaysElapsed(eventDay, deadline));
                if (deadline > eventDay)
                {
                    Assert.True(calendar.WorkingDaysElapsed(eventDay, deadline.AddDays(-1)) < limit, $"{eventDay} + {limit}");
                }
            }
        }
    }

    [Fact]
    public void The_calendar_knows_which_years_it_covers()
    {
        Assert.True(Calendar.Covers(D(2022, 1, 1)));
        Assert.True(Calendar.Covers(D(2028, 12, 31)));
        Assert.False(Calendar.Covers(D(2021, 12, 31)));
        Assert.False(Calendar.Covers(D(2029, 1, 1)));
    }

    [Fact]
    public void The_calendar_reports_each_year_as_confirmed_or_provisional()
    {
        Assert.Equal([2022, 2023, 2024, 2025, 2026, 2027, 2028], Calendar.CoveredYears);
        Assert.Equal(CalendarYearStatus.Confirmed, Calendar.StatusOf(2026));
        Assert.Equal(CalendarYearStatus.Provisional, Calendar.StatusOf(2027));
    }

    [Fact]
    public void A_date_outside_the_covered_years_is_refused_not_treated_as_an_ordinary_day()
    {
        // 1/1/2029 would be an ordinary Monday were it not New Year's Day: the calendar must not guess.
        var exception = Assert.Throws<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(D(2029, 1, 1)));

        Assert.Equal(2029, exception.Year);
        Assert.Equal(D(2029, 1, 1), exception.Day);
        Assert.Contains("chưa có dữ liệu năm 2029", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no data for 2029", exception.Message, StringComparison.Ordinal);
        Assert.Throws<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(D(2021, 12, 31)));
        Assert.Throws<CalendarNotCoveredException>(() => Calendar.StatusOf(2029));
    }

    [Fact]
    public void A_deadline_that_runs_past_the_covered_years_is_refused()
    {
        // Fri 29/12/2028 + 2: Sat 30 and Sun 31/12 are not working days, the next day is in 2029, which is not covered.
        var exception = Assert.Throws<CalendarNotCoveredException>(() => Calendar.AddWorkingDays(D(2028, 12, 29), 2));

        Assert.Equal(2029, exception.Year);
    }

    [Fact]
    public void The_calendar_answers_the_same_from_many_threads()
    {
        var expected = Calendar.AddWorkingDays(D(2026, 2, 13), 5);
        var answers = new DateOnly[64];

        Parallel.For(0, answers.Length, index => answers[index] = Calendar.AddWorkingDays(D(2026, 2, 13), 5));

        Assert.All(answers, answer => Assert.Equal(expected, answer));
    }
}
