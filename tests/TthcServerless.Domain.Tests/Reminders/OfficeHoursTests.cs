using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Reminders;

namespace TthcServerless.Domain.Tests.Reminders;

/// <summary>A retried delivery lands within 07:00–17:30 Vietnam time of a working day.</summary>
public sealed class OfficeHoursTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromShippedData();

    private static DateTimeOffset Ict(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_retry_within_office_hours_of_a_working_day_is_not_held() =>
        Assert.Equal(Ict(2026, 3, 24, 17, 29), OfficeHours.Hold(Ict(2026, 3, 24, 17, 29), Calendar));

    [Fact]
    public void A_retry_after_17_30_waits_for_07_00_the_next_working_day() =>
        Assert.Equal(Ict(2026, 3, 25, 7, 0), OfficeHours.Hold(Ict(2026, 3, 24, 17, 30), Calendar));

    [Fact]
    public void A_retry_before_07_00_of_a_working_day_waits_for_07_00_that_day() =>
        Assert.Equal(Ict(2026, 3, 24, 7, 0), OfficeHours.Hold(Ict(2026, 3, 24, 6, 59), Calendar));

    [Fact]
    public void A_retry_on_friday_evening_waits_for_monday() =>
        Assert.Equal(Ict(2026, 3, 30, 7, 0), OfficeHours.Hold(Ict(2026, 3, 27, 20, 0), Calendar));

    // Tết Bính Ngọ 2026: Mon 16/2 – Fri 20/2 are holidays; Mon 23/2 is the first working day.
    [Fact]
    public void A_retry_in_tet_waits_for_the_first_working_day_after_it() =>
        Assert.Equal(Ict(2026, 2, 23, 7, 0), OfficeHours.Hold(Ict(2026, 2, 17, 10, 0), Calendar));

    [Fact]
    public void A_retry_in_a_year_the_calendar_does_not_cover_is_not_held() =>
        Assert.Equal(Ict(2040, 3, 24, 23, 0), OfficeHours.Hold(Ict(2040, 3, 24, 23, 0), Calendar));
}
