using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Reminders;

/// <summary>
/// The office's day, 07:00–17:30 Vietnam time on a working day (a span that covers the usual morning and afternoon
/// shifts of state offices; docs/reminders.md): a retried email or webhook delivery that would land outside it waits
/// for the next opening, so a receiver that was down all evening does not get the day's digest at 23:00 or on a Sunday.
/// </summary>
public static class OfficeHours
{
    public static readonly TimeOnly Opens = new(7, 0);
    public static readonly TimeOnly Closes = new(17, 30);

    /// <summary>
    /// <paramref name="at"/> itself when it falls within office hours of a working day (or in a year the calendar does
    /// not cover: nothing to judge by); else 07:00 of the next working day — the same day when it is a working day and
    /// <paramref name="at"/> is before 07:00.
    /// </summary>
    public static DateTimeOffset Hold(DateTimeOffset at, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var local = at.ToOffset(VietnamTime.Offset);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!calendar.Covers(day))
        {
            return at;
        }

        var working = calendar.IsWorkingDay(day);
        if (working && time >= Opens && time < Closes)
        {
            return at;
        }

        var opening = working && time < Opens ? day : NextWorkingDayOrTomorrow(day, calendar);
        return new DateTimeOffset(opening.ToDateTime(Opens), VietnamTime.Offset);
    }

    // The last days of the last covered year: the search would run out of calendar; the next morning is the best guess.
    private static DateOnly NextWorkingDayOrTomorrow(DateOnly day, WorkingDayCalendar calendar)
    {
        try
        {
            return calendar.NextWorkingDay(day);
        }
        catch (CalendarNotCoveredException)
        {
            return day.AddDays(1);
        }
    }
}
