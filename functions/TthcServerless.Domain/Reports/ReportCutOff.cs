using TthcServerless.Domain.Periods;

namespace TthcServerless.Domain.Reports;

/// <summary>
/// Where a report's data stops. A closed period is cut at the end of its window's last day (00:00 ICT of the next day,
/// exclusive), so regenerating it gives the same numbers; a period whose window is still open is provisional ("tạm
/// tính") and cut at <c>now</c>. Standings are judged on <see cref="AsOfDate"/>: the window's last day, or today.
/// </summary>
public sealed record ReportCutOff(ReportingPeriod Period, DateTimeOffset WindowStartsAt, DateTimeOffset AsOf, DateOnly AsOfDate, bool Provisional)
{
    /// <summary>The cut-off for <paramref name="period"/> at <paramref name="now"/>; throws when the window has not started.</summary>
    public static ReportCutOff For(ReportingPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (NotStartedProblem(period, now) is { } problem)
        {
            throw new ArgumentException(problem, nameof(period));
        }

        var closesAt = VietnamTime.StartOf(period.End.AddDays(1));
        return now < closesAt
            ? new ReportCutOff(period, VietnamTime.StartOf(period.Start), now, VietnamTime.DateOf(now), Provisional: true)
            : new ReportCutOff(period, VietnamTime.StartOf(period.Start), closesAt, period.End, Provisional: false);
    }

    /// <summary>Why no report can be made for <paramref name="period"/> yet (Vietnamese), or null when one can.</summary>
    public static string? NotStartedProblem(ReportingPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        return VietnamTime.DateOf(now) < period.Start
            ? $"Kỳ báo cáo {period.Label} ({period.Id}) bắt đầu từ {period.Start:dd'/'MM'/'yyyy}, chưa có số liệu để báo cáo."
            : null;
    }

    /// <summary>Whether the window of <paramref name="period"/> has closed at <paramref name="now"/> (its report can be final).</summary>
    public static bool IsClosed(ReportingPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        return now >= VietnamTime.StartOf(period.End.AddDays(1));
    }
}

/// <summary>Neighbouring periods of the same kind, for "change against the previous period" and "tasks of the next period".</summary>
public static class PeriodSequence
{
    public static ReportingPeriod Previous(this ReportingCalendar calendar, ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(period);
        return period.Type switch
        {
            ReportingPeriodType.Month => period.Number == 1 ? calendar.Period(period.Type, period.Year - 1, 12) : calendar.Period(period.Type, period.Year, period.Number - 1),
            ReportingPeriodType.Quarter => period.Number == 1 ? calendar.Period(period.Type, period.Year - 1, 4) : calendar.Period(period.Type, period.Year, period.Number - 1),
            ReportingPeriodType.HalfYear => period.Number == 1 ? calendar.Period(period.Type, period.Year - 1, 2) : calendar.Period(period.Type, period.Year, 1),
            _ => calendar.Period(period.Type, period.Year - 1, 1),
        };
    }

    public static ReportingPeriod Next(this ReportingCalendar calendar, ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(period);
        return period.Type switch
        {
            ReportingPeriodType.Month => period.Number == 12 ? calendar.Period(period.Type, period.Year + 1, 1) : calendar.Period(period.Type, period.Year, period.Number + 1),
            ReportingPeriodType.Quarter => period.Number == 4 ? calendar.Period(period.Type, period.Year + 1, 1) : calendar.Period(period.Type, period.Year, period.Number + 1),
            ReportingPeriodType.HalfYear => period.Number == 2 ? calendar.Period(period.Type, period.Year + 1, 1) : calendar.Period(period.Type, period.Year, 2),
            // What follows nine months is the last quarter.
            ReportingPeriodType.NineMonths => calendar.Period(ReportingPeriodType.Quarter, period.Year, 4),
            _ => calendar.Period(period.Type, period.Year + 1, 1),
        };
    }

    /// <summary>Every period of a year, in the order a report timer walks them: months, quarters, halves, nine months, the year.</summary>
    public static IEnumerable<ReportingPeriod> PeriodsOf(this ReportingCalendar calendar, int year)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        for (var m = 1; m <= 12; m++)
        {
            yield return calendar.Period(ReportingPeriodType.Month, year, m);
        }

        for (var q = 1; q <= 4; q++)
        {
            yield return calendar.Period(ReportingPeriodType.Quarter, year, q);
        }

        yield return calendar.Period(ReportingPeriodType.HalfYear, year, 1);
        yield return calendar.Period(ReportingPeriodType.HalfYear, year, 2);
        yield return calendar.Period(ReportingPeriodType.NineMonths, year, 1);
        yield return calendar.Period(ReportingPeriodType.Year, year, 1);
    }
}
