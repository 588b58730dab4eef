namespace TthcServerless.Domain.Calendar;

/// <summary>
/// How "N ngày làm việc kể từ …" is counted. No legal text fixing the rule was found (docs/regulations.md §3.3), so it is a
/// setting of the calendar.
/// </summary>
public enum WorkingDayCounting
{
    /// <summary>
    /// The default and common practice: counting starts on the first working day after the event day, whatever the
    /// event day is. An event on Friday + 1 working day is due on Monday; an event received on a holiday or weekend
    /// counts from the first working day after it.
    /// </summary>
    StartAfterEventDay = 0,

    /// <summary>
    /// The event day counts as day 1 when it is a working day (an event on Friday + 1 working day is due that Friday);
    /// an event on a non-working day counts from the first working day after it, as in <see cref="StartAfterEventDay"/>.
    /// </summary>
    IncludeEventDay = 1,
}
