using TthcServerless.Domain.Periods;

namespace TthcServerless.Domain.Tests.Periods;

/// <summary>The cut-off windows of Nghị định 09/2019 Art 12, checked against the worked 2026 windows of docs/regulations.md §1.</summary>
public sealed class ReportingCalendarTests
{
    private static readonly ReportingCalendar Calendar = ReportingCalendar.Default;

    [Theory]
    [InlineData(ReportingPeriodType.Month, 1, "2025-12-15", "2026-01-14")]
    [InlineData(ReportingPeriodType.Month, 2, "2026-01-15", "2026-02-14")]
    [InlineData(ReportingPeriodType.Month, 12, "2026-11-15", "2026-12-14")]
    [InlineData(ReportingPeriodType.Quarter, 1, "2025-12-15", "2026-03-14")]
    [InlineData(ReportingPeriodType.Quarter, 2, "2026-03-15", "2026-06-14")]
    [InlineData(ReportingPeriodType.Quarter, 3, "2026-06-15", "2026-09-14")]
    [InlineData(ReportingPeriodType.Quarter, 4, "2026-09-15", "2026-12-14")]
    [InlineData(ReportingPeriodType.HalfYear, 1, "2025-12-15", "2026-06-14")]
    [InlineData(ReportingPeriodType.HalfYear, 2, "2026-06-15", "2026-12-14")]
    [InlineData(ReportingPeriodType.NineMonths, 1, "2025-12-15", "2026-09-14")]
    [InlineData(ReportingPeriodType.Year, 1, "2025-12-15", "2026-12-14")]
    public void Windows_follow_the_15_to_14_rule(ReportingPeriodType type, int number, string start, string end)
    {
        var period = Calendar.Period(type, 2026, number);

        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), period.End);
    }

    [Fact]
    public void The_20th_of_March_belongs_to_Aprils_report_and_the_14th_to_Marchs()
    {
        Assert.Equal("2026-04", Calendar.PeriodContaining(new DateOnly(2026, 3, 20), ReportingPeriodType.Month).Id);
        Assert.Equal("2026-03", Calendar.PeriodContaining(new DateOnly(2026, 3, 14), ReportingPeriodType.Month).Id);
    }

    [Fact]
    public void Mid_December_already_belongs_to_next_years_first_quarter_and_year()
    {
        Assert.Equal("2027-Q1", Calendar.PeriodContaining(new DateOnly(2026, 12, 20), ReportingPeriodType.Quarter).Id);
        Assert.Equal("2027", Calendar.PeriodContaining(new DateOnly(2026, 12, 20), ReportingPeriodType.Year).Id);
    }

    [Fact]
    public void A_province_counting_calendar_months_can_override_the_rule()
    {
        var calendar = new ReportingCalendar(CutOffRule.CalendarMonths);

        var q1 = calendar.Period(ReportingPeriodType.Quarter, 2026, 1);

        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), (q1.Start, q1.End));
        Assert.Equal("2026-03", calendar.PeriodContaining(new DateOnly(2026, 3, 20), ReportingPeriodType.Month).Id);
    }

    [Theory]
    [InlineData("2022-03", "Tháng 03/2022")]
    [InlineData("2022-Q1", "Quý I/2022")]
    [InlineData("2022-H2", "6 tháng cuối năm 2022")]
    [InlineData("2022-9M", "9 tháng năm 2022")]
    [InlineData("2022", "Năm 2022")]
    public void Ids_round_trip_and_carry_their_Vietnamese_label(string id, string label)
    {
        var period = Calendar.FromId(id)!;

        Assert.Equal(id, period.Id);
        Assert.Equal(label, period.Label);
    }

    [Theory]
    [InlineData("2022-13")]
    [InlineData("2022-Q5")]
    [InlineData("22-03")]
    [InlineData("2022-H3")]
    [InlineData("")]
    public void Malformed_ids_are_not_periods(string id)
    {
        Assert.Null(Calendar.FromId(id));
    }
}
