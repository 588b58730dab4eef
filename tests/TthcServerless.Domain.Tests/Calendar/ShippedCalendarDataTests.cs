using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Tests.Calendar;

/// <summary>The holiday data file shipped in the domain assembly.</summary>
public sealed class ShippedCalendarDataTests
{
    private static readonly HolidayCalendarData Data = HolidayCalendarData.Shipped;

    [Fact]
    public void The_shipped_data_loads_with_a_version_and_breaks_no_rule()
    {
        Assert.False(string.IsNullOrWhiteSpace(Data.Version));
        Assert.Empty(Data.FindProblems());
    }

    [Fact]
    public void The_shipped_data_covers_2022_to_2028()
    {
        Assert.Equal([2022, 2023, 2024, 2025, 2026, 2027, 2028], Data.Years.Select(year => year.Year));
    }

    [Fact]
    public void Years_with_a_known_decision_are_confirmed_and_2027_and_2028_are_provisional()
    {
        var statuses = Data.Years.ToDictionary(year => year.Year, year => year.Status);

        Assert.All([2022, 2023, 2024, 2025, 2026], year => Assert.Equal(CalendarYearStatus.Confirmed, statuses[year]));
        Assert.All([2027, 2028], year => Assert.Equal(CalendarYearStatus.Provisional, statuses[year]));
    }

    [Fact]
    public void Every_year_has_the_eleven_Labour_Code_holiday_days()
    {
        // Art 112(1): 1/1, five Tết days, Giỗ Tổ, 30/4, 1/5, 2/9 and one adjacent day. A holiday that falls on a weekend
        // is still listed as a holiday (e.g. mùng 1 Tết 2024 on Saturday); its nghỉ bù is a separate compensatory entry.
        foreach (var year in Data.Years)
        {
            var holidays = year.Entries.Where(entry => entry.Kind == CalendarDayKind.Holiday).Select(entry => entry.Date).Order().ToList();
            var fixedDays = new[] { new DateOnly(year.Year, 1, 1), new DateOnly(year.Year, 4, 30), new DateOnly(year.Year, 5, 1), new DateOnly(year.Year, 9, 2) };
            var nationalDayAdjacent = holidays.Where(day => day == new DateOnly(year.Year, 9, 1) || day == new DateOnly(year.Year, 9, 3)).ToList();
            var tet = holidays.Where(day => day.Month <= 2 && day != new DateOnly(year.Year, 1, 1)).ToList();
            var hungKings = holidays.Except(fixedDays).Except(nationalDayAdjacent).Except(tet).ToList();

            Assert.True(holidays.Count == 11, $"{year.Year}: {holidays.Count} holidays");
            Assert.All(fixedDays, day => Assert.Contains(day, holidays));
            Assert.Single(nationalDayAdjacent);
            Assert.Equal(5, tet.Count);
            Assert.Equal(4, tet[^1].DayNumber - tet[0].DayNumber);  // five consecutive days
            Assert.Single(hungKings);  // 10/3 âm lịch, in March or April
            Assert.InRange(hungKings[0].Month, 3, 4);
        }
    }

    [Fact]
    public void Every_holiday_on_a_weekend_is_made_up_by_one_compensatory_day_in_the_same_year()
    {
        // Art 111(3). E.g. 2023: 1/1 Sun, 21/1 Sat, 22/1 Sun, 29/4 Sat, 30/4 Sun, 2/9 Sat → six compensatory days.
        foreach (var year in Data.Years)
        {
            var weekendHolidays = year.Entries.Count(entry => entry.Kind == CalendarDayKind.Holiday && entry.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            var compensatory = year.Entries.Count(entry => entry.Kind == CalendarDayKind.Compensatory);

            Assert.True(weekendHolidays == compensatory, $"{year.Year}: {weekendHolidays} weekend holidays, {compensatory} compensatory days");
        }
    }

    [Fact]
    public void Vietnamese_Culture_Day_is_a_day_off_from_2026_and_not_before()
    {
        // Resolution 28/2026/QH16, in force 1/7/2026.
        var entries = Data.Years.SelectMany(year => year.Entries).ToDictionary(entry => entry.Date);

        Assert.False(entries.ContainsKey(new DateOnly(2025, 11, 24)));
        Assert.All([2026, 2027, 2028], year => Assert.Equal(CalendarDayKind.DayOff, entries[new DateOnly(year, 11, 24)].Kind));
    }

    [Fact]
    public void Every_entry_names_its_basis_and_every_year_its_decision_or_rule()
    {
        Assert.All(Data.Years, year => Assert.False(string.IsNullOrWhiteSpace(year.Basis)));
        Assert.All(Data.Years.SelectMany(year => year.Entries), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Basis)));
    }

    [Fact]
    public void The_shipped_data_round_trips_through_JSON_with_Vietnamese_names_readable()
    {
        var json = Data.ToJson();

        Assert.Equal(json, HolidayCalendarData.FromJson(json).ToJson());
        Assert.Contains("Tết Nguyên đán (mùng 1)", json, StringComparison.Ordinal);
    }
}
