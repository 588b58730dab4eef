using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Tests.Calendar;

/// <summary>
/// Administrator extensions over the shipped data. The decisions in these fixtures are hypothetical, made up for the
/// tests; they are not real schedules.
/// </summary>
public sealed class CalendarExtensionTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static HolidayCalendarEntry Entry(DateOnly date, CalendarDayKind kind, string name = "Ngày thử nghiệm") =>
        new(date, kind, name, "Quyết định giả định cho kiểm thử");

    private static HolidayCalendarData Extension(string version, params HolidayCalendarYear[] years) => new(version, years);

    [Fact]
    public void An_extension_that_confirms_a_provisional_year_replaces_its_entries()
    {
        // Hypothetical decision for 2027: Tết Fri 5/2–Tue 9/2 with nghỉ bù Wed 10 and Thu 11/2, instead of the
        // provisional Thu 4/2–Mon 8/2 with nghỉ bù Tue 9 and Wed 10/2.
        var decided2027 = new HolidayCalendarYear(
            2027,
            CalendarYearStatus.Confirmed,
            "Thông báo giả định",
            [
                Entry(D(2027, 1, 1), CalendarDayKind.Holiday),
                Entry(D(2027, 2, 5), CalendarDayKind.Holiday),
                Entry(D(2027, 2, 6), CalendarDayKind.Holiday),
                Entry(D(2027, 2, 7), CalendarDayKind.Holiday),
                Entry(D(2027, 2, 8), CalendarDayKind.Holiday),
                Entry(D(2027, 2, 9), CalendarDayKind.Holiday),
                Entry(D(2027, 2, 10), CalendarDayKind.Compensatory),
                Entry(D(2027, 2, 11), CalendarDayKind.Compensatory),
            ],
            Mode: CalendarYearMode.Replace);

        var calendar = WorkingDayCalendar.FromShippedData([Extension("admin-1", decided2027)]);

        Assert.Equal(CalendarYearStatus.Confirmed, calendar.StatusOf(2027));
        Assert.True(calendar.IsWorkingDay(D(2027, 2, 4)));    // a provisional Tết day, now a Thursday at work
        Assert.False(calendar.IsWorkingDay(D(2027, 2, 11)));  // the decided nghỉ bù
        Assert.Null(calendar.EntryOn(D(2027, 4, 16)));        // "replace" states the whole year: nothing else is kept
        Assert.Equal(CalendarYearStatus.Provisional, calendar.StatusOf(2028));
    }

    [Fact]
    public void An_extension_merges_into_a_year_and_keeps_its_other_entries()
    {
        // Hypothetical swap around Ngày Văn hóa Việt Nam 2026: Mon 23/11 off, Sat 28/11 worked.
        var swap = new HolidayCalendarYear(
            2026,
            CalendarYearStatus.Confirmed,
            "Công văn giả định",
            [Entry(D(2026, 11, 23), CalendarDayKind.DayOff), Entry(D(2026, 11, 28), CalendarDayKind.MakeUpWorkingDay)]);

        var calendar = WorkingDayCalendar.FromShippedData([Extension("admin-1", swap)]);

        Assert.False(calendar.IsWorkingDay(D(2026, 11, 23)));
        Assert.True(calendar.IsWorkingDay(D(2026, 11, 28)));
        Assert.False(calendar.IsWorkingDay(D(2026, 11, 24)));  // the shipped entry is still there
        Assert.False(calendar.IsWorkingDay(D(2026, 2, 17)));
        // From Fri 20/11: Mon 23 and Tue 24 off, day 1 is Wed 25/11/2026.
        Assert.Equal(D(2026, 11, 25), calendar.AddWorkingDays(D(2026, 11, 20), 1));
    }

    [Fact]
    public void A_later_entry_for_the_same_date_wins()
    {
        var first = Extension("admin-1", new HolidayCalendarYear(2027, CalendarYearStatus.Provisional, "Sửa lần 1", [Entry(D(2027, 2, 10), CalendarDayKind.DayOff, "Lần 1")]));
        var second = Extension("admin-2", new HolidayCalendarYear(2027, CalendarYearStatus.Provisional, "Sửa lần 2", [Entry(D(2027, 2, 10), CalendarDayKind.Holiday, "Lần 2")]));

        var calendar = WorkingDayCalendar.FromShippedData([first, second]);

        Assert.Equal("Lần 2", calendar.EntryOn(D(2027, 2, 10))?.Name);
        Assert.Equal(CalendarDayKind.Holiday, calendar.EntryOn(D(2027, 2, 10))?.Kind);
    }

    [Fact]
    public void An_extension_can_add_a_year()
    {
        var year2029 = new HolidayCalendarYear(2029, CalendarYearStatus.Provisional, "Suy ra theo quy tắc", [Entry(D(2029, 1, 1), CalendarDayKind.Holiday, "Tết Dương lịch")]);

        var calendar = WorkingDayCalendar.FromShippedData([Extension("admin-1", year2029)]);

        Assert.True(calendar.Covers(D(2029, 1, 1)));
        Assert.False(calendar.IsWorkingDay(D(2029, 1, 1)));
        // Fri 29/12/2028 + 1: Sat 30 and Sun 31/12 rest, Mon 1/1/2029 is New Year's Day, day 1 is Tue 2/1/2029.
        Assert.Equal(D(2029, 1, 2), calendar.AddWorkingDays(D(2028, 12, 29), 1));
    }

    [Fact]
    public void The_effective_calendar_shows_every_source_version_and_the_merged_entries()
    {
        var swap = new HolidayCalendarYear(2026, CalendarYearStatus.Confirmed, "Công văn giả định", [Entry(D(2026, 11, 23), CalendarDayKind.DayOff)]);

        var effective = WorkingDayCalendar.FromShippedData([Extension("admin-1", swap)]).EffectiveData;

        Assert.Equal(HolidayCalendarData.Shipped.Version + "+admin-1", effective.Version);
        var year2026 = Assert.Single(effective.Years, year => year.Year == 2026);
        Assert.Contains(year2026.Entries, entry => entry.Date == D(2026, 11, 23));
        Assert.Contains(year2026.Entries, entry => entry.Date == D(2026, 11, 24));
        Assert.Contains("Công văn giả định", year2026.Basis, StringComparison.Ordinal);
        Assert.Empty(effective.FindProblems());
    }

    public static TheoryData<HolidayCalendarYear, string> InvalidYears => new()
    {
        { new(2026, CalendarYearStatus.Confirmed, "x", [Entry(D(2026, 11, 25), CalendarDayKind.MakeUpWorkingDay)]), "must be a Saturday or Sunday" },
        { new(2026, CalendarYearStatus.Confirmed, "x", [Entry(D(2026, 11, 28), CalendarDayKind.Compensatory)]), "must be Monday to Friday" },
        { new(2026, CalendarYearStatus.Confirmed, "x", [Entry(D(2026, 11, 23), CalendarDayKind.DayOff), Entry(D(2026, 11, 23), CalendarDayKind.Holiday)]), "2026-11-23 appears more than once" },
        { new(2026, CalendarYearStatus.Confirmed, "x", [Entry(D(2027, 1, 1), CalendarDayKind.Holiday)]), "2027-01-01 is listed under year 2026" },
        { new(1999, CalendarYearStatus.Confirmed, "x", []), "Year 1999 is outside 2000–2100" },
        { new(2101, CalendarYearStatus.Confirmed, "x", []), "Year 2101 is outside 2000–2100" },
        { new(2026, CalendarYearStatus.Confirmed, "x", [Entry(D(2026, 11, 23), CalendarDayKind.DayOff, " ")]), "2026-11-23 has no name" },
        { new(2026, CalendarYearStatus.Confirmed, " ", []), "Year 2026 has no basis" },
        { new(2026, (CalendarYearStatus)7, "x", []), "unknown status" },
    };

    [Theory]
    [MemberData(nameof(InvalidYears))]
    public void An_invalid_extension_is_rejected_with_the_rule_it_breaks(HolidayCalendarYear year, string problem)
    {
        var exception = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.FromShippedData([Extension("admin-1", year)]));

        Assert.Contains("extension #1", exception.Message, StringComparison.Ordinal);
        Assert.Contains(exception.Problems, found => found.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void An_extension_stating_the_same_year_twice_is_rejected()
    {
        var year = new HolidayCalendarYear(2026, CalendarYearStatus.Confirmed, "x", []);

        var exception = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.FromShippedData([Extension("admin-1", year, year)]));

        Assert.Contains("Year 2026 appears more than once.", exception.Problems);
    }

    [Fact]
    public void An_extension_with_no_version_or_no_year_is_rejected()
    {
        var exception = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.FromShippedData([new HolidayCalendarData(" ", [])]));

        Assert.Contains("The version is missing.", exception.Problems);
        Assert.Contains("The data states no year.", exception.Problems);
    }

    [Fact]
    public void Nulls_in_data_built_in_code_are_reported_not_thrown_as_null_references()
    {
        var broken = new HolidayCalendarData("admin-1", [new HolidayCalendarYear(2026, CalendarYearStatus.Confirmed, null!, [null!]), null!]);

        var exception = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.FromShippedData([broken]));

        Assert.Contains("Year 2026 has no basis (the decision or rule it rests on).", exception.Problems);
        Assert.Contains("Entry #1 of year 2026 is null.", exception.Problems);
        Assert.Contains("Year #2 is null.", exception.Problems);
    }
}
