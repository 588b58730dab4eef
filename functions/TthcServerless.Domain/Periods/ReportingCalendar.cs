namespace TthcServerless.Domain.Periods;

/// <summary>
/// Where a period's data window starts and ends, as data: the day of the month the window starts (the window ends the
/// day before, in the period's last month). Nghị định 09/2019 Art 12 sets 15 → 14; a province may set its own (some
/// count calendar months: start day 1).
/// </summary>
public sealed record CutOffRule(int StartDay)
{
    /// <summary>Nghị định 09/2019/NĐ-CP Art 12: 15th of the previous month to the 14th of the reporting month.</summary>
    public static CutOffRule Decree09 { get; } = new(15);

    /// <summary>Calendar months, quarters and years.</summary>
    public static CutOffRule CalendarMonths { get; } = new(1);
}

/// <summary>
/// Reporting periods and their cut-off windows. With the default rule a month "03/2022" runs 15/02/2022–14/03/2022,
/// quarter I/2022 runs 15/12/2021–14/03/2022, and the year 2022 runs 15/12/2021–14/12/2022 (docs/regulations.md §1).
/// </summary>
public sealed class ReportingCalendar
{
    public ReportingCalendar(CutOffRule? rule = null)
    {
        Rule = rule ?? CutOffRule.Decree09;
        if (Rule.StartDay is < 1 or > 28)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), Rule.StartDay, "A cut-off start day must be 1–28.");
        }
    }

    public CutOffRule Rule { get; }

    public static ReportingCalendar Default { get; } = new();

    public ReportingPeriod Period(ReportingPeriodType type, int year, int number)
    {
        var (firstMonth, lastMonth) = type switch
        {
            ReportingPeriodType.Month => (number, number),
            ReportingPeriodType.Quarter => ((number * 3) - 2, number * 3),
            ReportingPeriodType.HalfYear => (number == 1 ? 1 : 7, number == 1 ? 6 : 12),
            ReportingPeriodType.NineMonths => (1, 9),
            _ => (1, 12),
        };

        return new ReportingPeriod(type, year, number, WindowStart(year, firstMonth), WindowEnd(year, lastMonth));
    }

    /// <summary>
    /// The period of a type whose cut-off window contains <paramref name="day"/>. Nine-month reports do not cover the
    /// last quarter of the year, so they are not asked for here.
    /// </summary>
    public ReportingPeriod PeriodContaining(DateOnly day, ReportingPeriodType type)
    {
        if (type == ReportingPeriodType.NineMonths)
        {
            throw new ArgumentException("Nine-month reports do not cover every day of the year.", nameof(type));
        }

        // With a start day of 15, the 20th of March already belongs to April's report.
        var shifted = Rule.StartDay == 1 || day.Day < Rule.StartDay ? day : day.AddMonths(1);
        var year = shifted.Year;
        var month = shifted.Month;
        return type switch
        {
            ReportingPeriodType.Month => Period(type, year, month),
            ReportingPeriodType.Quarter => Period(type, year, ((month - 1) / 3) + 1),
            ReportingPeriodType.HalfYear => Period(type, year, month <= 6 ? 1 : 2),
            _ => Period(type, year, 1),
        };
    }

    /// <summary>The period named by an id (<c>2022-Q1</c>), or null when the id is not one.</summary>
    public ReportingPeriod? FromId(string? id) =>
        ReportingPeriod.ParseId(id) is { } parsed ? Period(parsed.Type, parsed.Year, parsed.Number) : null;

    private DateOnly WindowStart(int year, int firstMonth) =>
        Rule.StartDay == 1 ? new DateOnly(year, firstMonth, 1) : new DateOnly(year, firstMonth, Rule.StartDay).AddMonths(-1);

    private DateOnly WindowEnd(int year, int lastMonth) =>
        Rule.StartDay == 1 ? new DateOnly(year, lastMonth, DateTime.DaysInMonth(year, lastMonth)) : new DateOnly(year, lastMonth, Rule.StartDay - 1);
}
