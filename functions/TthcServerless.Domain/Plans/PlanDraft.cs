using System.Globalization;
using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>A section of a plan's task table: "I. XÂY DỰNG VÀ BAN HÀNH VĂN BẢN CHỈ ĐẠO ĐIỀU HÀNH".</summary>
public sealed record PlanSection(string Number, string Title);

/// <summary>A task as the document states it: every cell cleaned (NFC, single spaces) but not yet interpreted.</summary>
public sealed record PlanTaskDraft(
    string SectionNumber,
    int Number,
    string Content,
    string Lead,
    string Coordinating,
    string ExpectedOutput,
    string Timeframe)
{
    /// <summary>"I.1", "III.14"; just the number when the plan has no sections.</summary>
    public string TaskId => SectionNumber.Length == 0 ? Number.ToString(CultureInfo.InvariantCulture) : $"{SectionNumber}.{Number}";
}

/// <summary>What the document says about itself, when it says it: title, year, the decision that issued it.</summary>
public sealed record PlanMetadata(string? Title, int? Year, string? DecisionNumber, DateOnly? DecisionDate);

/// <summary>A plan's sections and tasks as written, with what could be read from its preamble.</summary>
public sealed record PlanDraft(PlanMetadata Metadata, IReadOnlyList<PlanSection> Sections, IReadOnlyList<PlanTaskDraft> Tasks);

/// <summary>
/// Turns a <see cref="PlanTable"/> into sections and tasks. Section rows are the rows whose cells all carry the same
/// Roman-numbered heading (Word repeats a merged heading once per column) or that have a single non-empty cell; task
/// rows have a number and content. Anything else is an error naming the row — a plan is imported whole or not at all.
/// </summary>
public static partial class PlanTableInterpreter
{
    public const int MaxTasks = 2000;
    public const int MaxCellLength = 8000;
    public const int MaxSections = 200;

    public static PlanDraft Interpret(PlanTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = PlanColumns.Find(table.Header);
        var sections = new List<PlanSection>();
        var tasks = new List<PlanTaskDraft>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var sectionNumbers = new HashSet<string>(StringComparer.Ordinal);
        var currentSection = string.Empty;
        var numberInSection = 0;

        foreach (var row in table.Rows)
        {
            var cells = row.Cells.Select(Cell).ToList();
            var filled = cells.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (filled.Count == 0)
            {
                continue;
            }

            if (filled.Count == 1 && (SectionHeading().IsMatch(filled[0]) || Get(cells, columns.Content).Length == 0))
            {
                var heading = SectionHeading().Match(filled[0]);
                if (!heading.Success)
                {
                    throw new PlanFormatException($"Dòng {row.Position}: \"{Shorten(filled[0])}\" không phải nhiệm vụ (thiếu số thứ tự hoặc nội dung) và không phải tiêu đề mục (I., II., …).");
                }

                currentSection = heading.Groups["number"].Value.ToUpperInvariant();
                if (!sectionNumbers.Add(currentSection))
                {
                    throw new PlanFormatException($"Dòng {row.Position}: mục {currentSection} xuất hiện hai lần.");
                }

                sections.Add(new PlanSection(currentSection, heading.Groups["title"].Value.Trim()));
                if (sections.Count > MaxSections)
                {
                    throw new PlanFormatException($"Kế hoạch có hơn {MaxSections} mục.");
                }

                numberInSection = 0;
                continue;
            }

            if (cells.Count > table.Header.Count)
            {
                throw new PlanFormatException($"Dòng {row.Position}: có {cells.Count} ô nhưng bảng chỉ có {table.Header.Count} cột.");
            }

            var content = Get(cells, columns.Content);
            if (content.Length == 0)
            {
                throw new PlanFormatException($"Dòng {row.Position}: nhiệm vụ không có nội dung.");
            }

            int number;
            if (columns.Number is { } numberColumn)
            {
                var numberText = Get(cells, numberColumn).TrimEnd('.', ')');
                if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 9999)
                {
                    throw new PlanFormatException($"Dòng {row.Position}: số thứ tự \"{numberText}\" không phải số nguyên dương.");
                }
            }
            else
            {
                number = numberInSection + 1;
            }

            numberInSection = number;
            var task = new PlanTaskDraft(
                currentSection,
                number,
                content,
                Get(cells, columns.Lead),
                Get(cells, columns.Coordinating),
                Get(cells, columns.Output),
                Get(cells, columns.Timeframe));
            if (!ids.Add(task.TaskId))
            {
                throw new PlanFormatException($"Dòng {row.Position}: nhiệm vụ {task.TaskId} xuất hiện hai lần.");
            }

            foreach (var cell in new[] { task.Content, task.Lead, task.Coordinating, task.ExpectedOutput, task.Timeframe })
            {
                if (cell.Length > MaxCellLength)
                {
                    throw new PlanFormatException($"Dòng {row.Position}: một ô dài hơn {MaxCellLength} ký tự.");
                }
            }

            tasks.Add(task);
            if (tasks.Count > MaxTasks)
            {
                throw new PlanFormatException($"Kế hoạch có hơn {MaxTasks} nhiệm vụ.");
            }
        }

        if (tasks.Count == 0)
        {
            throw new PlanFormatException("Bảng không có nhiệm vụ nào.");
        }

        return new PlanDraft(ReadMetadata(table.Preamble), sections, tasks);
    }

    /// <summary>Title ("KẾ HOẠCH …"), year and the issuing decision ("Ban hành kèm theo Quyết định số 45/QĐ-UBND ngày 07 tháng 01 năm 2022").</summary>
    public static PlanMetadata ReadMetadata(string preamble)
    {
        ArgumentNullException.ThrowIfNull(preamble);
        var lines = preamble.Split('\n').Select(VietnameseText.Clean).Where(l => l.Length > 0).ToList();

        string? title = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] == "KẾ HOẠCH" && i + 1 < lines.Count)
            {
                title = $"{lines[i]} {lines[i + 1]}";
                break;
            }

            if (lines[i].StartsWith("KẾ HOẠCH ", StringComparison.Ordinal))
            {
                title = lines[i];
                break;
            }
        }

        var text = string.Join(' ', lines);
        string? decisionNumber = null;
        DateOnly? decisionDate = null;
        var decision = IssuingDecision().Match(text);
        if (decision.Success)
        {
            decisionNumber = decision.Groups["number"].Value;
            var day = int.Parse(decision.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(decision.Groups["m"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(decision.Groups["y"].Value, CultureInfo.InvariantCulture);
            // The same years a timeframe accepts: "năm 0000" is a typo, and DaysInMonth would throw on it.
            if (TimeframeParser.IsPlausibleYear(year) && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                decisionDate = new DateOnly(year, month, day);
            }
        }

        int? planYear = null;
        if (title is not null && YearInTitle().Match(title) is { Success: true } y
            && int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture) is var titleYear && TimeframeParser.IsPlausibleYear(titleYear))
        {
            planYear = titleYear;
        }

        return new PlanMetadata(title, planYear ?? decisionDate?.Year, decisionNumber, decisionDate);
    }

    private static string Cell(string raw) => string.Join("\n", raw.Split('\n').Select(VietnameseText.Clean).Where(l => l.Length > 0));

    private static string Get(List<string> cells, int? column) =>
        column is { } index && index >= 0 && index < cells.Count ? cells[index] : string.Empty;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex(@"^(?<number>[IVXLC]+|[A-Z])\s*[.)]\s*(?<title>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"kèm\s+theo\s+(Quyết\s+định|Kế\s+hoạch)\s+số\s+(?<number>\d+[^\s,;)]*)\s+ngày\s+(?<d>\d{1,2})(\s+tháng\s+|\s*/\s*)(?<m>\d{1,2})(\s+năm\s+|\s*/\s*)(?<y>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IssuingDecision();

    [GeneratedRegex(@"\bNĂM\s+(?<y>\d{4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearInTitle();
}
