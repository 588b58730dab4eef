namespace TthcServerless.Domain.Reminders;

/// <summary>What a reminder is about.</summary>
public enum ReminderItemKind
{
    /// <summary>A plan assignment with a due date, not completed (to the lead agency).</summary>
    Assignment,

    /// <summary>A recurring task not reported in its period (to the agency; the list to the office after the window).</summary>
    RecurringReport,

    /// <summary>A PAKN case to accept or refuse (to the office).</summary>
    FeedbackClassify,

    /// <summary>A PAKN case to answer (to the assigned agency; the office while none is assigned).</summary>
    FeedbackAnswer,

    /// <summary>A PAKN answer to publish (to the office).</summary>
    FeedbackPublish,
}

/// <summary>
/// The reminder rules of a province, as data (docs/reminders.md): the defaults of <see cref="Default"/> follow the seed
/// plan's "theo dõi, đôn đốc" duty and the PAKN limits; a province overrides any cadence in its settings
/// (<c>Tthc:Reminders:Rules:…</c>).
/// </summary>
public sealed record ReminderRules
{
    /// <summary>The recipient id of the province office (Văn phòng UBND tỉnh, KSTT unit) in digests and inboxes.</summary>
    public const string Office = "office";

    public static ReminderRules Default { get; } = new();

    /// <summary>Lead agency: 5 and 2 WD before, the due day, 1 WD after then every 5; the office from 10 WD overdue, every 5.</summary>
    public ReminderCadence Assignment { get; init; } = new()
    {
        DaysBefore = [5, 2], OnDueDay = true, FirstDayAfter = 1, RepeatEvery = 5, EscalateFrom = 10, EscalateEvery = 5,
    };

    /// <summary>
    /// Recurring task, against its period's last working day: 3 WD before and that day; the first WD after the window to
    /// the agency and, once, to the office's list of agencies that did not report.
    /// </summary>
    public ReminderCadence RecurringReport { get; init; } = new()
    {
        DaysBefore = [3], OnDueDay = true, FirstDayAfter = 1, EscalateFrom = 1,
    };

    /// <summary>Office: the classify deadline's day and every WD after.</summary>
    public ReminderCadence FeedbackClassify { get; init; } = new() { OnDueDay = true, FirstDayAfter = 1, RepeatEvery = 1 };

    /// <summary>Assigned agency: 3 and 1 WD before, the due day, every 2 WD after; the office from 1 WD overdue, every 2.</summary>
    public ReminderCadence FeedbackAnswer { get; init; } = new()
    {
        DaysBefore = [3, 1], OnDueDay = true, FirstDayAfter = 1, RepeatEvery = 2, EscalateFrom = 1, EscalateEvery = 2,
    };

    /// <summary>Office: the publish deadline's day and every WD after.</summary>
    public ReminderCadence FeedbackPublish { get; init; } = new() { OnDueDay = true, FirstDayAfter = 1, RepeatEvery = 1 };

    /// <summary>Lines shown in a digest's message before "và N mục khác" (the inbox keeps them all).</summary>
    public int MaxLinesPerMessage { get; init; } = 50;

    /// <summary>Characters of a task's content kept on a line.</summary>
    public int MaxContentLength { get; init; } = 160;

    /// <summary>
    /// How many working days back a run looks for rules that fired on a day no run covered (a missed day, an outage):
    /// the strongest of them fires once.
    /// </summary>
    public int CatchUpWorkingDays { get; init; } = 5;

    public ReminderCadence CadenceOf(ReminderItemKind kind) => kind switch
    {
        ReminderItemKind.Assignment => Assignment,
        ReminderItemKind.RecurringReport => RecurringReport,
        ReminderItemKind.FeedbackClassify => FeedbackClassify,
        ReminderItemKind.FeedbackAnswer => FeedbackAnswer,
        _ => FeedbackPublish,
    };

    /// <summary>The rules' mistakes, in words; empty when they are sound.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        var problems = new List<string>();
        foreach (var kind in Enum.GetValues<ReminderItemKind>())
        {
            problems.AddRange(CadenceOf(kind).FindProblems(kind.ToString()));
        }

        if (MaxLinesPerMessage is < 1 or > 1000)
        {
            problems.Add("MaxLinesPerMessage: must be 1–1000.");
        }

        if (MaxContentLength is < 20 or > 2000)
        {
            problems.Add("MaxContentLength: must be 20–2000.");
        }

        if (CatchUpWorkingDays is < 1 or > 30)
        {
            problems.Add("CatchUpWorkingDays: must be 1–30.");
        }

        return problems;
    }
}
