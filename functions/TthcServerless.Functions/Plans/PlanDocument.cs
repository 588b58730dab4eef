using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Plans;

/// <summary>
/// The canonical JSON form of a plan (<c>application/json</c> import): identity fields and the task table as written.
/// Cells are kept as text; the app resolves agencies and timeframes exactly as for a Word or text import.
/// </summary>
public sealed record PlanDocument
{
    public string? PlanId { get; init; }

    public string? Province { get; init; }

    public int? Year { get; init; }

    public string? Title { get; init; }

    public string? DecisionNumber { get; init; }

    public DateOnly? DecisionDate { get; init; }

    public IReadOnlyList<PlanDocumentSection>? Sections { get; init; }

    /// <summary>The draft, or a <see cref="PlanFormatException"/> saying what is missing.</summary>
    public PlanDraft ToDraft()
    {
        if (Sections is not { Count: > 0 } sections)
        {
            throw new PlanFormatException("Tài liệu JSON không có mục (sections) nào.");
        }

        var sectionList = new List<PlanSection>();
        var tasks = new List<PlanTaskDraft>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (section, index) in sections.Select((s, i) => (s, i)))
        {
            if (section is null)
            {
                throw new PlanFormatException($"sections[{index}] không được là null.");
            }

            var number = VietnameseText.Clean(section.Number);
            if (section.Tasks is not { Count: > 0 })
            {
                throw new PlanFormatException($"sections[{index}] không có nhiệm vụ nào.");
            }

            // A section's number orders its tasks in storage; two sections of one number would be one section twice.
            if (!numbers.Add(number))
            {
                throw new PlanFormatException(number.Length == 0
                    ? $"sections[{index}]: chỉ một mục được để trống số (number)."
                    : $"sections[{index}]: mục {number} xuất hiện hai lần.");
            }

            sectionList.Add(new PlanSection(number, VietnameseText.Clean(section.Title)));
            foreach (var (task, taskIndex) in section.Tasks.Select((t, i) => (t, i)))
            {
                var where = $"sections[{index}].tasks[{taskIndex}]";
                if (task is null)
                {
                    throw new PlanFormatException($"{where} không được là null.");
                }

                if (task.Number is not (>= 1 and <= 9999))
                {
                    throw new PlanFormatException($"{where}.number phải là số nguyên dương.");
                }

                var draft = new PlanTaskDraft(
                    number,
                    task.Number.Value,
                    Clean(task.Content, where + ".content", required: true),
                    Clean(task.Lead, where + ".lead", required: false),
                    Clean(task.Coordinating, where + ".coordinating", required: false),
                    Clean(task.ExpectedOutput, where + ".expectedOutput", required: false),
                    Clean(task.Timeframe, where + ".timeframe", required: false));
                if (!ids.Add(draft.TaskId))
                {
                    throw new PlanFormatException($"{where}: nhiệm vụ {draft.TaskId} xuất hiện hai lần.");
                }

                tasks.Add(draft);
            }
        }

        if (tasks.Count > PlanTableInterpreter.MaxTasks)
        {
            throw new PlanFormatException($"Kế hoạch có hơn {PlanTableInterpreter.MaxTasks} nhiệm vụ.");
        }

        return new PlanDraft(new PlanMetadata(Title, Year, DecisionNumber, DecisionDate), sectionList, tasks);
    }

    private static string Clean(string? value, string field, bool required)
    {
        var clean = string.Join("\n", (value ?? string.Empty).Split('\n').Select(VietnameseText.Clean).Where(l => l.Length > 0));
        if (required && clean.Length == 0)
        {
            throw new PlanFormatException($"{field} là bắt buộc.");
        }

        return clean.Length > PlanTableInterpreter.MaxCellLength
            ? throw new PlanFormatException($"{field} dài hơn {PlanTableInterpreter.MaxCellLength} ký tự.")
            : clean;
    }
}

public sealed record PlanDocumentSection
{
    public string? Number { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<PlanDocumentTask>? Tasks { get; init; }
}

public sealed record PlanDocumentTask
{
    public int? Number { get; init; }

    public string? Content { get; init; }

    public string? Lead { get; init; }

    public string? Coordinating { get; init; }

    public string? ExpectedOutput { get; init; }

    public string? Timeframe { get; init; }
}
