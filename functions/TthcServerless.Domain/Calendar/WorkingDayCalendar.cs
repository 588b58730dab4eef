using System.Collections.Frozen;

namespace TthcServerless.Domain.Calendar;

/// <summary>
/// Working days of Vietnamese state administrative bodies: Monday to Friday, minus public holidays, days off and
/// compensatory days, plus make-up working days, as the calendar data states them. Immutable and thread-safe; it
/// reads no clock (callers pass Vietnam calendar days, see <see cref="VietnamTime"/>).
/// </summary>
/// <remarks>
/// Every date a method looks at must lie in a covered year (<see cref="Covers"/>); otherwise it throws
/// <see cref="CalendarNotCoveredException"/> rather than treating an unknown year as one without holidays.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private readonly FrozenDictionary<DateOnly, HolidayCalendarEntry> _entries;
    private readonly FrozenDictionary<int, CalendarYearStatus> _years;
    private readonly int[] _coveredYears;

    private WorkingDayCalendar(
        FrozenDictionary<DateOnly, HolidayCalendarEntry> entries,
        FrozenDictionary<int, CalendarYearStatus> years,
        HolidayCalendarData effectiveData,
        WorkingDayCounting counting)
    {
        _entries = entries;
        _years = years;
        _coveredYears = [.. years.Keys.Order()];
        EffectiveData = effectiveData;
        Counting = counting;
    }

    /// <summary>The counting rule <see cref="AddWorkingDays"/> and <see cref="WorkingDaysElapsed"/> apply.</summary>
    public WorkingDayCounting Counting { get; }

    /// <summary>The covered years, ascending.</summary>
    public IReadOnlyList<int> CoveredYears => _coveredYears;

    /// <summary>
    /// The calendar as one data set after merging all sources: what an administrator sees as "the effective calendar".
    /// Its version joins the sources' versions with <c>+</c>.
    /// </summary>
    public HolidayCalendarData EffectiveData { get; }

    /// <summary>Builds the calendar from the shipped data plus optional administrator extensions, later sources winning.</summary>
    /// <exception cref="CalendarDataException">An extension breaks a rule (see <see cref="HolidayCalendarData.FindProblems"/>).</exception>
    public static WorkingDayCalendar FromShippedData(
        IEnumerable<HolidayCalendarData>? extensions = null,
        WorkingDayCounting counting = WorkingDayCounting.StartAfterEventDay) =>
        Create([HolidayCalendarData.Shipped, .. extensions ?? []], counting);

    /// <summary>
    /// Builds the calendar from sources in order: the first is the base data, the rest are extensions. A year in a later
    /// source either merges with the earlier year (an entry for a date already present replaces it; the year's status
    /// becomes the later one) or, in <see cref="CalendarYearMode.Replace"/> mode, replaces the earlier year entirely.
    /// </summary>
    /// <exception cref="ArgumentException">No source is given.</exception>
    /// <exception cref="CalendarDataException">A source breaks a rule; the message names the source by position.</exception>
    public static WorkingDayCalendar Create(
        IEnumerable<HolidayCalendarData> sources,
        WorkingDayCounting counting = WorkingDayCounting.StartAfterEventDay)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (!Enum.IsDefined(counting))
        {
            throw new ArgumentOutOfRangeException(nameof(counting), counting, "Unknown counting rule.");
        }

        var sourceList = sources.ToList();
        if (sourceList.Count == 0)
        {
            throw new ArgumentException("At least one calendar data source is needed.", nameof(sources));
        }

        for (var index = 0; index < sourceList.Count; index++)
        {
            HolidayCalendarDataRules.ThrowIfInvalid(sourceList[index], index == 0 ? "The base calendar data" : $"Calendar extension #{index}");
        }

        var years = new SortedDictionary<int, MergedYear>();
        foreach (var year in sourceList.SelectMany(source => source.Years))
        {
            if (year.Mode == CalendarYearMode.Replace || !years.TryGetValue(year.Year, out var merged))
            {
                years[year.Year] = new MergedYear(year);
            }
            else
            {
                merged.Merge(year);
            }
        }

        var effective = new HolidayCalendarData(
            string.Join('+', sourceList.Select(source => source.Version)),
            [.. years.Values.Select(year => year.ToData())],
            sourceList[0].Description);

        return new WorkingDayCalendar(
            years.Values.SelectMany(year => year.Entries.Values).ToFrozenDictionary(entry => entry.Date),
            years.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Status),
            effective,
            counting);
    }

    /// <summary>The same calendar data with another counting rule.</summary>
    public WorkingDayCalendar WithCounting(WorkingDayCounting counting) =>
        counting == Counting ? this : new WorkingDayCalendar(_entries, _years, EffectiveData, counting);

    /// <summary>Whether the calendar has data for the day's year.</summary>
    public bool Covers(DateOnly day) => _years.ContainsKey(day.Year);

    /// <summary>Whether a covered year is confirmed by a known decision or provisional.</summary>
    /// <exception cref="CalendarNotCoveredException">The year is not covered.</exception>
    public CalendarYearStatus StatusOf(int year) =>
        _years.TryGetValue(year, out var status)
            ? status
            : throw new CalendarNotCoveredException(new DateOnly(Math.Clamp(year, 1, 9999), 1, 1), _coveredYears);

    /// <summary>The calendar entry on a day (holiday, day off, compensatory or make-up working day), or null for an ordinary day.</summary>
    /// <exception cref="CalendarNotCoveredException">The day's year is not covered.</exception>
    public HolidayCalendarEntry? EntryOn(DateOnly day)
    {
        EnsureCovered(day);
        return _entries.GetValueOrDefault(day);
    }

    /// <summary>Whether civil servants work on the day: Monday–Friday unless a holiday, day off or compensatory day; a make-up Saturday or Sunday is.</summary>
    /// <exception cref="CalendarNotCoveredException">The day's year is not covered.</exception>
    public bool IsWorkingDay(DateOnly day)
    {
        EnsureCovered(day);
        return IsWorkingDayCovered(day);
    }

    /// <summary>The first working day strictly after <paramref name="day"/>.</summary>
    /// <exception cref="CalendarNotCoveredException">The search reaches a year that is not covered.</exception>
    public DateOnly NextWorkingDay(DateOnly day)
    {
        EnsureCovered(day);
        var next = day;
        do
        {
            next = Step(next, +1);
        }
        while (!IsWorkingDayCovered(next));

        return next;
    }

    /// <summary>The last working day strictly before <paramref name="day"/>.</summary>
    /// <exception cref="CalendarNotCoveredException">The search reaches a year that is not covered.</exception>
    public DateOnly PreviousWorkingDay(DateOnly day)
    {
        EnsureCovered(day);
        var previous = day;
        do
        {
            previous = Step(previous, -1);
        }
        while (!IsWorkingDayCovered(previous));

        return previous;
    }

    /// <summary>
    /// The deadline "<paramref name="workingDays"/> ngày làm việc kể từ" an event on <paramref name="eventDay"/>: the
    /// day on which the Nth working day is used up, counted by <see cref="Counting"/>. The deadline day itself still
    /// counts as in time.
    /// </summary>
    /// <param name="eventDay">The day of the event (received, forwarded…), any day including a holiday.</param>
    /// <param name="workingDays">
    /// N ≥ 0. Zero means "the same day": the event day itself is returned unchanged, whatever kind of day it is.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarNotCoveredException">The count reaches a year that is not covered.</exception>
    public DateOnly AddWorkingDays(DateOnly eventDay, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        EnsureCovered(eventDay);
        if (workingDays == 0)
        {
            return eventDay;
        }

        var remaining = workingDays;
        if (Counting == WorkingDayCounting.IncludeEventDay && IsWorkingDayCovered(eventDay))
        {
            remaining--;
            if (remaining == 0)
            {
                return eventDay;
            }
        }

        var day = eventDay;
        while (true)
        {
            day = Step(day, +1);
            if (IsWorkingDayCovered(day) && --remaining == 0)
            {
                return day;
            }
        }
    }

    /// <summary>
    /// The number of working days d with <paramref name="fromExclusive"/> &lt; d ≤ <paramref name="toInclusive"/>;
    /// zero when the two days are equal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toInclusive"/> is before <paramref name="fromExclusive"/>.</exception>
    /// <exception cref="CalendarNotCoveredException">A day of the range, or either end, is in a year that is not covered.</exception>
    public int CountWorkingDays(DateOnly fromExclusive, DateOnly toInclusive)
    {
        if (toInclusive < fromExclusive)
        {
            throw new ArgumentOutOfRangeException(nameof(toInclusive), toInclusive, "The end of the range is before its start.");
        }

        EnsureCovered(fromExclusive);
        var count = 0;
        for (var day = fromExclusive; day < toInclusive;)
        {
            day = Step(day, +1);
            if (IsWorkingDayCovered(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// How many working days of a limit an event on <paramref name="eventDay"/> has used by <paramref name="asOf"/>
    /// (inclusive), counted by <see cref="Counting"/>; consistent with <see cref="AddWorkingDays"/>: the deadline for N
    /// is the first day on which N working days have elapsed. A case is overdue on a day when more than N have elapsed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="asOf"/> is before <paramref name="eventDay"/>.</exception>
    /// <exception cref="CalendarNotCoveredException">A day of the range is in a year that is not covered.</exception>
    public int WorkingDaysElapsed(DateOnly eventDay, DateOnly asOf)
    {
        if (asOf < eventDay)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, "The day asked about is before the event.");
        }

        var elapsed = CountWorkingDays(eventDay, asOf);
        return Counting == WorkingDayCounting.IncludeEventDay && IsWorkingDayCovered(eventDay) ? elapsed + 1 : elapsed;
    }

    private bool IsWorkingDayCovered(DateOnly day) =>
        _entries.TryGetValue(day, out var entry) ? entry.IsWorkingDay : !CivilServiceWeek.IsRestDay(day);

    private DateOnly Step(DateOnly day, int days)
    {
        var next = day.AddDays(days);
        EnsureCovered(next);
        return next;
    }

    private void EnsureCovered(DateOnly day)
    {
        if (!_years.ContainsKey(day.Year))
        {
            throw new CalendarNotCoveredException(day, _coveredYears);
        }
    }

    /// <summary>One year while sources are merged.</summary>
    private sealed class MergedYear(HolidayCalendarYear first)
    {
        private readonly List<string> _basis = [first.Basis];
        private readonly List<string> _notes = first.Notes is null ? [] : [first.Notes];

        public int Year { get; } = first.Year;

        public CalendarYearStatus Status { get; private set; } = first.Status;

        public Dictionary<DateOnly, HolidayCalendarEntry> Entries { get; } = first.Entries.ToDictionary(entry => entry.Date);

        public void Merge(HolidayCalendarYear later)
        {
            Status = later.Status;
            _basis.Add(later.Basis);
            if (later.Notes is not null)
            {
                _notes.Add(later.Notes);
            }

            foreach (var entry in later.Entries)
            {
                Entries[entry.Date] = entry;
            }
        }

        public HolidayCalendarYear ToData() => new(
            Year,
            Status,
            string.Join(" | ", _basis),
            [.. Entries.Values.OrderBy(entry => entry.Date)],
            _notes.Count == 0 ? null : string.Join(" | ", _notes),
            CalendarYearMode.Replace);
    }
}
