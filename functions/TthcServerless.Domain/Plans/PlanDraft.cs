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

/// <summary>
/// A plan's sections and tasks as written, with what could be read from its preamble. <see cref="Warnings"/> are what
/// reading the document itself found (a page cut short); the compiler adds them to the plan's warnings.
/// </summary>
public sealed record PlanDraft(PlanMetadata Metadata, IReadOnlyList<PlanSection> Sections, IReadOnlyList<PlanTaskDraft> Tasks)
{
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Turns a <see cref="PlanTable"/> into sections and tasks. Section rows are the rows whose cells all carry the same
/// Roman-numbered heading (Word repeats a merged heading once per column), that have a single non-empty cell, or that
/// hold a numeral in the number column and a title in the content column. Task rows have a number and content; a row
/// without a number right after a task continues that task (a second line of its cells, a sub-item). The signature
/// block ("Nơi nhận", "KT. CHỦ TỊCH") ends the table. Anything else is an error naming the row and how far the table
/// was read — a plan is imported whole or not at all, except that a document cut short is read up to the cut, with a
/// warning naming it.
/// </summary>
public static partial class PlanTableInterpreter
{
    public const int MaxTasks = 2000;
    public const int MaxCellLength = 8000;
    public const int MaxSections = 200;

    /// <summary>Code of the warning for a document cut short.</summary>
    public const string DocumentCutWarning = "document.cut";

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

        // The last task of the current section, which an un-numbered row continues.
        var continuable = false;

        foreach (var row in table.Rows)
        {
            var cells = row.Cells.Select(Cell).ToList();
            var filled = cells.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (filled.Count == 0)
            {
                continue;
            }

            if (SignatureBlock().IsMatch(filled[0]))
            {
                break;
            }

            if (SectionOf(cells, filled, columns) is { } section)
            {
                currentSection = section.Number;
                if (!sectionNumbers.Add(currentSection))
                {
                    throw Refuse(row, $"mục {currentSection} xuất hiện hai lần.");
                }

                sections.Add(section);
                if (sections.Count > MaxSections)
                {
                    throw new PlanFormatException($"Kế hoạch có hơn {MaxSections} mục.");
                }

                numberInSection = 0;
                continuable = false;
                continue;
            }

            if (cells.Count > table.Header.Count)
            {
                throw Refuse(row, $"có {cells.Count} ô nhưng bảng chỉ có {table.Header.Count} cột.");
            }

            var numberText = columns.Number is { } numberCell ? Get(cells, numberCell).TrimEnd('.', ')') : null;
            if (numberText is { Length: 0 })
            {
                if (!continuable)
                {
                    throw Refuse(row, $"\"{Shorten(filled[0])}\" không có số thứ tự và không nằm ngay sau một nhiệm vụ, nên không phải nhiệm vụ, " +
                        "không phải phần tiếp của nhiệm vụ và không phải tiêu đề mục (I., II., …).");
                }

                tasks[^1] = Continue(tasks[^1], cells, columns, row);
                continue;
            }

            if (filled.Count == 1 && Get(cells, columns.Content).Length == 0)
            {
                throw Refuse(row, $"\"{Shorten(filled[0])}\" không phải nhiệm vụ (thiếu số thứ tự hoặc nội dung) và không phải tiêu đề mục (I., II., …).");
            }

            var content = Get(cells, columns.Content);
            if (content.Length == 0)
            {
                throw Refuse(row, "nhiệm vụ không có nội dung.");
            }

            int number;
            if (numberText is not null)
            {
                if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 9999)
                {
                    throw Refuse(row, numberText.Any(char.IsDigit) && !numberText.All(char.IsAscii)
                        ? $"số thứ tự \"{numberText}\" có chữ số không phải 0–9 (chữ số Ả Rập – Ấn Độ hoặc toàn khổ); hãy gõ lại bằng chữ số thường."
                        : $"số thứ tự \"{numberText}\" không phải số nguyên dương.");
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
                throw Refuse(row, $"nhiệm vụ {task.TaskId} xuất hiện hai lần.");
            }

            CheckLengths(task, row);
            tasks.Add(task);
            continuable = true;
            if (tasks.Count > MaxTasks)
            {
                throw new PlanFormatException($"Kế hoạch có hơn {MaxTasks} nhiệm vụ.");
            }
        }

        var warnings = new List<ImportWarning>();
        if (table.Cut is { } cut)
        {
            var marker = Shorten(VietnameseText.Clean(cut.Marker));
            if (tasks.Count == 0)
            {
                throw new PlanFormatException($"Văn bản bị cắt ở dòng {cut.Position} (\"{marker}\") trước nhiệm vụ đầu tiên: không có nhiệm vụ nào để nhập. Hãy lấy văn bản đầy đủ.");
            }

            var dropped = cut.DroppedRow is { } broken
                ? $" Dòng {broken.Position} (\"{Shorten(VietnameseText.Clean(string.Join(" | ", broken.Cells.Where(c => c.Length > 0))))}\") bị cắt dở nên không được nhập."
                : string.Empty;
            warnings.Add(new ImportWarning(DocumentCutWarning, tasks[^1].TaskId, null, marker,
                $"Văn bản bị cắt ở dòng {cut.Position} (\"{marker}\"): bảng nhiệm vụ chỉ đọc được đến nhiệm vụ {tasks[^1].TaskId}.{dropped} " +
                "Nếu kế hoạch còn nhiệm vụ sau chỗ cắt, hãy nhập lại từ văn bản đầy đủ."));
        }

        if (tasks.Count == 0)
        {
            throw new PlanFormatException("Bảng không có nhiệm vụ nào.");
        }

        return new PlanDraft(ReadMetadata(table.Preamble), sections, tasks) { Warnings = warnings };

        PlanFormatException Refuse(PlanTableRow row, string why) =>
            new(tasks.Count == 0
                ? $"Dòng {row.Position}: {why}"
                : $"Dòng {row.Position}: {why} Bảng đọc được đến nhiệm vụ {tasks[^1].TaskId}; từ dòng này bảng không còn hợp lệ.");
    }

    /// <summary>"I. TITLE" (or "I.\nTITLE") in one cell, repeated or alone; or a numeral in the number column and the title in the content column.</summary>
    private static PlanSection? SectionOf(List<string> cells, List<string> filled, PlanColumns columns)
    {
        if (filled.Count == 1 && SectionHeading().Match(filled[0].Replace('\n', ' ')) is { Success: true } heading)
        {
            return new PlanSection(heading.Groups["number"].Value.ToUpperInvariant(), heading.Groups["title"].Value.Trim());
        }

        var numeral = columns.Number is { } numberColumn ? Get(cells, numberColumn) : string.Empty;
        var title = Get(cells, columns.Content);
        if (numeral.Length > 0 && title.Length > 0 && SectionNumeral().Match(numeral) is { Success: true } alone
            && filled.All(c => c == numeral || c == title))
        {
            return new PlanSection(alone.Groups["number"].Value.ToUpperInvariant(), title.Replace('\n', ' '));
        }

        return null;
    }

    /// <summary>An un-numbered row after a task: each of its cells continues the task's cell in the same column.</summary>
    private static PlanTaskDraft Continue(PlanTaskDraft task, List<string> cells, PlanColumns columns, PlanTableRow row)
    {
        var continued = task with
        {
            Content = Join(task.Content, Get(cells, columns.Content)),
            Lead = Join(task.Lead, Get(cells, columns.Lead)),
            Coordinating = Join(task.Coordinating, Get(cells, columns.Coordinating)),
            ExpectedOutput = Join(task.ExpectedOutput, Get(cells, columns.Output)),
            Timeframe = Join(task.Timeframe, Get(cells, columns.Timeframe)),
        };
        CheckLengths(continued, row);
        return continued;

        static string Join(string above, string more) => more.Length == 0 ? above : above.Length == 0 ? more : $"{above}\n{more}";
    }

    private static void CheckLengths(PlanTaskDraft task, PlanTableRow row)
    {
        foreach (var cell in new[] { task.Content, task.Lead, task.Coordinating, task.ExpectedOutput, task.Timeframe })
        {
            if (cell.Length > MaxCellLength)
            {
                throw new PlanFormatException($"Dòng {row.Position}: một ô dài hơn {MaxCellLength} ký tự.");
            }
        }
    }

    /// <summary>
    /// Title ("KẾ HOẠCH …", or "**KẾ HOẠCH**" and the bold lines after it), year and the issuing decision ("Ban hành
    /// kèm theo Quyết định số 45/QĐ-UBND ngày 07 tháng 01 năm 2022"). A year or date written with digits other than
    /// 0–9 is refused, not guessed.
    /// </summary>
    public static PlanMetadata ReadMetadata(string preamble)
    {
        ArgumentNullException.ThrowIfNull(preamble);
        var lines = preamble.Split('\n')
            .Select(l => VietnameseText.Clean(l).TrimStart('#', ' '))
            .Where(l => l.Length > 0 && l != "|")
            .ToList();

        var title = ReadTitle(lines);
        var text = string.Join(' ', lines.Select(PlanTextReader.WithoutEmphasis));
        string? decisionNumber = null;
        DateOnly? decisionDate = null;
        var decision = IssuingDecision().Match(text);
        if (decision.Success)
        {
            RefuseNonAsciiDigits(decision.Value, "ngày ban hành");
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
        if (title is not null && YearInTitle().Match(title) is { Success: true } y)
        {
            RefuseNonAsciiDigits(y.Value, "năm của kế hoạch");
            if (int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture) is var titleYear && TimeframeParser.IsPlausibleYear(titleYear))
            {
                planYear = titleYear;
            }
        }

        return new PlanMetadata(title, planYear ?? decisionDate?.Year, decisionNumber, decisionDate);
    }

    private static string? ReadTitle(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var plain = PlanTextReader.WithoutEmphasis(lines[i]).Trim();
            if (plain == "KẾ HOẠCH")
            {
                if (!lines[i].StartsWith("**", StringComparison.Ordinal))
                {
                    return i + 1 < lines.Count ? $"{plain} {PlanTextReader.WithoutEmphasis(lines[i + 1]).Trim()}" : null;
                }

                // Bold: the title runs over the bold lines that follow (each in **…**, or one bold span over several lines).
                var parts = new List<string> { plain };
                var open = Markers(lines[i]) % 2 == 1;
                for (var j = i + 1; j < lines.Count && parts.Count < 5; j++)
                {
                    if (!open && !lines[j].StartsWith("**", StringComparison.Ordinal))
                    {
                        break;
                    }

                    parts.Add(PlanTextReader.WithoutEmphasis(lines[j]).Trim());
                    open ^= Markers(lines[j]) % 2 == 1;
                }

                return parts.Count > 1 ? string.Join(' ', parts.Where(p => p.Length > 0)) : null;
            }

            if (plain.StartsWith("KẾ HOẠCH ", StringComparison.Ordinal))
            {
                return plain;
            }
        }

        return null;

        static int Markers(string line)
        {
            var count = 0;
            for (var at = line.IndexOf("**", StringComparison.Ordinal); at >= 0; at = line.IndexOf("**", at + 2, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }

    private static void RefuseNonAsciiDigits(string phrase, string what)
    {
        if (phrase.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c)))
        {
            throw new PlanFormatException(
                $"Phần đầu văn bản ghi {what} bằng chữ số không phải 0–9 (\"{Shorten(phrase)}\", chữ số Ả Rập – Ấn Độ hoặc toàn khổ); hãy gõ lại bằng chữ số thường.");
        }
    }

    private static string Cell(string raw) => string.Join("\n", raw.Split('\n').Select(VietnameseText.Clean).Where(l => l.Length > 0));

    private static string Get(List<string> cells, int? column) =>
        column is { } index && index >= 0 && index < cells.Count ? cells[index] : string.Empty;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex(@"^(?<number>[IVXLC]+|[A-Z])\s*[.)]\s*(?<title>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^(?<number>[IVXLC]+|[A-Z])\s*[.)]?$", RegexOptions.CultureInvariant)]
    private static partial Regex SectionNumeral();

    // "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "CHỦ TỊCH", "Trên đây là Kế hoạch …": the document goes on after the table.
    [GeneratedRegex(@"^(Nơi\s+nhận\b|(TM|KT|Q|TL|T/M|K/T)\.?\s+(ỦY|UỶ|UBND|CHỦ|GIÁM|CHÁNH|TRƯỞNG|BAN)|(PHÓ\s+)?CHỦ\s+TỊCH$|Trên\s+đây\s+là\b)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignatureBlock();

    // \d matches every Unicode digit: a year in Arabic-Indic or fullwidth digits is caught here and refused by name.
    [GeneratedRegex(@"kèm\s+theo\s+(Quyết\s+định|Kế\s+hoạch)\s+số\s+(?<number>\d+[^\s,;)]*)\s+ngày\s+(?<d>\d{1,2})(\s+tháng\s+|\s*/\s*)(?<m>\d{1,2})(\s+năm\s+|\s*/\s*)(?<y>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IssuingDecision();

    [GeneratedRegex(@"\bNĂM\s+(?<y>\d{4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearInTitle();
}
