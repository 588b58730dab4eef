namespace TthcServerless.Domain.Feedback;

/// <summary>
/// Time limits for handling feedback, in working days. The defaults are the national PAKN system's limits used by the
/// 766 index (docs/regulations.md §2.4): refuse within 2, first request for more information within 5, answer within 15 — each
/// counted from the day the feedback reached the system — and publish within 2 of the answer. Nghị định 20/2008 as
/// amended does not fix these numbers (docs/regulations.md §2.6), and provinces set their own (Ninh Bình: answer within 10,
/// QĐ 163/2025/QĐ-CTUBND Art 19), so they are configuration.
/// </summary>
public sealed record FeedbackLimits
{
    /// <summary>The largest limit accepted: a quarter of a year of working days.</summary>
    public const int MaximumDays = 65;

    /// <summary>The national system's limits (docs/regulations.md §2.4).</summary>
    public static FeedbackLimits National { get; } = new();

    /// <summary>Accept or refuse (classify) within this many working days of receipt.</summary>
    public int RefuseDays { get; init; } = 2;

    /// <summary>Ask the sender for more information, if needed, within this many working days of receipt.</summary>
    public int RequestInformationDays { get; init; } = 5;

    /// <summary>Have the answer ready within this many working days of receipt.</summary>
    public int AnswerDays { get; init; } = 15;

    /// <summary>Publish the answer within this many working days of the answer.</summary>
    public int PublishDays { get; init; } = 2;

    /// <summary>What is wrong with these limits, in English (for start-up validation); empty when they are usable.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        var problems = new List<string>();
        foreach (var (name, days) in new[] { (nameof(RefuseDays), RefuseDays), (nameof(RequestInformationDays), RequestInformationDays), (nameof(AnswerDays), AnswerDays), (nameof(PublishDays), PublishDays) })
        {
            if (days is < 1 or > MaximumDays)
            {
                problems.Add($"{name} must be 1–{MaximumDays} working days, was {days}.");
            }
        }

        if (RefuseDays > AnswerDays)
        {
            problems.Add($"{nameof(RefuseDays)} ({RefuseDays}) must not exceed {nameof(AnswerDays)} ({AnswerDays}).");
        }

        if (RequestInformationDays > AnswerDays)
        {
            problems.Add($"{nameof(RequestInformationDays)} ({RequestInformationDays}) must not exceed {nameof(AnswerDays)} ({AnswerDays}).");
        }

        return problems;
    }
}
