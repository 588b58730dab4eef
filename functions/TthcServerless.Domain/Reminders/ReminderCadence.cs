using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Reminders;

/// <summary>When a rule fires relative to its item's due date.</summary>
public enum ReminderTiming
{
    Before,
    DueDay,
    After,
}

/// <summary>
/// One firing of a cadence: its timing and how many working days before or after the due date. <see cref="RuleId"/>
/// is the stable name (<c>T-5</c>, <c>T</c>, <c>T+6</c>) kept with each digest line.
/// </summary>
public sealed record ReminderFiring(ReminderTiming Timing, int WorkingDays, DateOnly FiredOn)
{
    public string RuleId => Timing switch
    {
        ReminderTiming.Before => $"T-{WorkingDays}",
        ReminderTiming.DueDay => "T",
        _ => $"T+{WorkingDays}",
    };
}

/// <summary>
/// The reminder cadence of one kind of item, as data, in working days of <see cref="WorkingDayCalendar"/>:
/// <see cref="DaysBefore"/> (e.g. 5 and 2), the due day, the first working day after (<see cref="FirstDayAfter"/>) and
/// then every <see cref="RepeatEvery"/> working days; the office is told from <see cref="EscalateFrom"/> working days
/// overdue and then every <see cref="EscalateEvery"/> (null: once).
/// </summary>
/// <remarks>
/// A due date on a non-working day is reminded "on the day" on the last working day before it (the day the work can
/// still be done), and "before" counts back from that day; "after" counts the working days after the due date itself.
/// </remarks>
public sealed record ReminderCadence
{
    public IReadOnlyList<int> DaysBefore { get; init; } = [];

    public bool OnDueDay { get; init; }

    /// <summary>First reminder after the due date, in working days overdue; null for none.</summary>
    public int? FirstDayAfter { get; init; }

    /// <summary>Repeat after <see cref="FirstDayAfter"/> every this many working days; null: only once.</summary>
    public int? RepeatEvery { get; init; }

    /// <summary>Working days overdue from which the office is told; null: never.</summary>
    public int? EscalateFrom { get; init; }

    /// <summary>Tell the office again every this many working days; null: only once.</summary>
    public int? EscalateEvery { get; init; }

    /// <summary>The rule firing on working day <paramref name="day"/> for an item due on <paramref name="due"/>, or null.</summary>
    public ReminderFiring? FiringOn(DateOnly due, DateOnly day, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var anchor = calendar.IsWorkingDay(due) ? due : calendar.PreviousWorkingDay(due);
        if (day < anchor)
        {
            var before = calendar.CountWorkingDays(day, anchor);
            return DaysBefore.Contains(before) ? new ReminderFiring(ReminderTiming.Before, before, day) : null;
        }

        if (day <= due)
        {
            return OnDueDay ? new ReminderFiring(ReminderTiming.DueDay, 0, day) : null;
        }

        var after = calendar.CountWorkingDays(due, day);
        return Repeats(after, FirstDayAfter, RepeatEvery) ? new ReminderFiring(ReminderTiming.After, after, day) : null;
    }

    /// <summary>Whether the office is told on working day <paramref name="day"/>.</summary>
    public bool EscalatesOn(DateOnly due, DateOnly day, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return day > due && Repeats(calendar.CountWorkingDays(due, day), EscalateFrom, EscalateEvery);
    }

    /// <summary>
    /// The strongest rule that fired on a working day after <paramref name="since"/> up to <paramref name="today"/>: the
    /// latest one, because rules grow stronger as the due date nears and passes (a missed T−5 is superseded by T−2).
    /// </summary>
    public ReminderFiring? Strongest(DateOnly due, DateOnly since, DateOnly today, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        for (var day = today; day > since; day = calendar.PreviousWorkingDay(day))
        {
            if (calendar.IsWorkingDay(day) && FiringOn(due, day, calendar) is { } firing)
            {
                return firing;
            }
        }

        return null;
    }

    /// <summary>Whether the office was to be told on a working day after <paramref name="since"/> up to <paramref name="today"/>.</summary>
    public bool EscalatedBetween(DateOnly due, DateOnly since, DateOnly today, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        for (var day = today; day > since && day > due; day = calendar.PreviousWorkingDay(day))
        {
            if (calendar.IsWorkingDay(day) && EscalatesOn(due, day, calendar))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cadence's mistakes, in words (an empty list when it is sound).</summary>
    public IEnumerable<string> FindProblems(string name)
    {
        if (DaysBefore.Any(d => d is < 1 or > 60))
        {
            yield return $"{name}.DaysBefore: each must be 1–60 working days.";
        }

        foreach (var (value, field) in new[] { (FirstDayAfter, "FirstDayAfter"), (RepeatEvery, "RepeatEvery"), (EscalateFrom, "EscalateFrom"), (EscalateEvery, "EscalateEvery") })
        {
            if (value is < 1 or > 260)
            {
                yield return $"{name}.{field}: must be 1–260 working days.";
            }
        }
    }

    private static bool Repeats(int overdue, int? first, int? every) =>
        first is { } f && overdue >= f && (every is { } step ? (overdue - f) % step == 0 : overdue == f);
}
