namespace TthcServerless.Domain.Plans;

/// <summary>
/// The limits that keep one plan import bounded (docs/api.md, "Plans"), checked on the draft so that they hold the same
/// for every format a plan arrives in: a JSON plan of 201 sections is refused exactly like a text or Word one. The
/// readers also stop early at the same numbers, so a huge document is not read to the end first.
/// </summary>
public static class PlanLimits
{
    public const int MaxSections = PlanTableInterpreter.MaxSections;
    public const int MaxTasks = PlanTableInterpreter.MaxTasks;
    public const int MaxCellLength = PlanTableInterpreter.MaxCellLength;

    /// <summary>Section titles are stored together in the plan's header row: a heading is a line, not a page.</summary>
    public const int MaxSectionTitleLength = 400;

    /// <summary>Throws <see cref="PlanFormatException"/> naming the first limit the draft is past.</summary>
    public static void Check(PlanDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Sections.Count > MaxSections)
        {
            throw new PlanFormatException($"Kế hoạch có {draft.Sections.Count} mục, vượt giới hạn {MaxSections} mục.");
        }

        if (draft.Sections.FirstOrDefault(s => s.Title.Length > MaxSectionTitleLength) is { } longTitle)
        {
            throw new PlanFormatException($"Tiêu đề mục {longTitle.Number} dài hơn {MaxSectionTitleLength} ký tự.");
        }

        if (draft.Tasks.Count > MaxTasks)
        {
            throw new PlanFormatException($"Kế hoạch có {draft.Tasks.Count} nhiệm vụ, vượt giới hạn {MaxTasks} nhiệm vụ.");
        }

        foreach (var task in draft.Tasks)
        {
            foreach (var (cell, name) in new[] { (task.Content, "content"), (task.Lead, "lead"), (task.Coordinating, "coordinating"), (task.ExpectedOutput, "expectedOutput"), (task.Timeframe, "timeframe") })
            {
                if (cell.Length > MaxCellLength)
                {
                    throw new PlanFormatException($"Nhiệm vụ {task.TaskId}: ô {name} dài hơn {MaxCellLength} ký tự.");
                }
            }
        }
    }
}
