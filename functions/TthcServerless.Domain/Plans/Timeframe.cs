namespace TthcServerless.Domain.Plans;

/// <summary>How a plan states when a task is due.</summary>
public enum TimeframeKind
{
    /// <summary>Due by a date: a day, or the last day of a month, quarter, half-year or year.</summary>
    Deadline,

    /// <summary>A period with a start and (possibly) an end: "Quý IV/2025 - Quý II/2026", "Từ 01/7/2025".</summary>
    Window,

    /// <summary>Repeats: "Thường xuyên", "Hằng quý", "Định kỳ hoặc đột xuất", "Tháng 12 hằng năm".</summary>
    Recurring,

    /// <summary>Depends on something outside the plan: "Theo Kế hoạch", "Theo hướng dẫn của …", "Theo thư mời …".</summary>
    EventDriven,

    /// <summary>Not understood (or empty): the text is kept and a warning raised.</summary>
    Unscheduled,
}

/// <summary>How precisely a due date was stated; the date itself is always the last day of that span.</summary>
public enum DatePrecision
{
    Day,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// <summary>How often a recurring task comes round (or must be reported on).</summary>
public enum RecurrenceKind
{
    /// <summary>"Thường xuyên": ongoing work, reported every reporting period.</summary>
    Continuous,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,

    /// <summary>"Định kỳ" without a stated cadence.</summary>
    Periodic,

    /// <summary>"Đột xuất", "theo yêu cầu": when asked.</summary>
    OnDemand,

    /// <summary>"Định kỳ hoặc đột xuất".</summary>
    PeriodicOrOnDemand,
}

/// <summary>What an event-driven task waits for.</summary>
public enum EventTriggerKind
{
    /// <summary>"Theo Kế hoạch …": another plan sets the dates.</summary>
    Plan,

    /// <summary>"Theo hướng dẫn của …", "theo lộ trình": guidance from another body.</summary>
    Guidance,

    /// <summary>"Theo thư mời của …": an invitation.</summary>
    Invitation,

    /// <summary>"Khi có phát sinh", "theo yêu cầu": when the occasion arises.</summary>
    Occurrence,

    /// <summary>"Sau khi …", "N ngày làm việc kể từ …": after a named event.</summary>
    AfterEvent,

    /// <summary>"Theo tiến độ …": follows another process's progress.</summary>
    Progress,
}

/// <summary>A due date that applies to one administrative level only: "(Cấp xã: 02/2022)".</summary>
public sealed record LevelDueDate(string Level, DateOnly DueDate, DatePrecision Precision);

/// <summary>
/// A task's timeframe as the plan states it. <see cref="Text"/> is always the original cell; the other fields are what
/// could be read from it. For a deadline, <see cref="DueDate"/> is the last day that counts ("Tháng 01/2022" is due on
/// 31/01/2022); for a window it is the end; for a recurring task with a first occurrence it is that occurrence.
/// </summary>
public sealed record Timeframe
{
    public required string Text { get; init; }

    public required TimeframeKind Kind { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? DueDate { get; init; }

    public DatePrecision? Precision { get; init; }

    public IReadOnlyList<LevelDueDate> LevelDueDates { get; init; } = [];

    public RecurrenceKind? Recurrence { get; init; }

    /// <summary>A reporting duty stated beside ongoing work: "Thường xuyên, định kỳ hằng quý báo cáo …".</summary>
    public RecurrenceKind? ReportingCadence { get; init; }

    /// <summary>"02 lần/tháng": times per <see cref="Recurrence"/> period.</summary>
    public int? TimesPerPeriod { get; init; }

    /// <summary>Months of the year a yearly task happens in ("Từ tháng 3 đến tháng 11 hằng năm" = 3…11).</summary>
    public IReadOnlyList<int> Months { get; init; } = [];

    public EventTriggerKind? Trigger { get; init; }

    /// <summary>Who or what the event depends on, as written ("Văn phòng Chính phủ", "Kế hoạch kiểm tra").</summary>
    public string? Reference { get; init; }

    /// <summary>"Trong thời gian 15 ngày làm việc kể từ …": the number of working days after the event.</summary>
    public int? WorkingDays { get; init; }

    /// <summary>A window that ends with an event rather than a date.</summary>
    public string? EndEvent { get; init; }

    /// <summary>Why the text could not be scheduled (Vietnamese, for the office that imported the plan).</summary>
    public string? Warning { get; init; }

    /// <summary>
    /// The due date for an agency of the given level: the level-specific date when the plan gives one, else
    /// <see cref="DueDate"/>. <paramref name="sameLevel"/> decides whether a level name in the plan ("Cấp xã") is the
    /// agency's level.
    /// </summary>
    public DateOnly? DueDateFor(Func<string, bool> sameLevel)
    {
        ArgumentNullException.ThrowIfNull(sameLevel);
        foreach (var levelDue in LevelDueDates)
        {
            if (sameLevel(levelDue.Level))
            {
                return levelDue.DueDate;
            }
        }

        return DueDate;
    }
}
