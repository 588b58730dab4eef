using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>
/// Reads a plan's task table from text as offices actually have it: copied out of Word or a legal-database page, where
/// every cell is a tab-led line and rows are separated by blank lines (a non-tab line right after a cell continues that
/// cell); tab-separated rows, one per line; a Markdown pipe table; or a web page's table as an HTML-to-Markdown
/// converter emits it, one cell per line(s) between lines holding only <c>|</c>. Markdown emphasis (<c>**I.**</c>) is
/// dropped. The task table is found by its header row wherever it is. Line endings and NFC/NFD do not matter.
/// A page cut short (a line of dots, a row broken off) is read up to the cut, which <see cref="PlanTable.Cut"/> names.
/// </summary>
public static partial class PlanTextReader
{
    // Raw text still carries spacing that cleaning removes, so the readers stop only at twice the interpreter's limit.
    private const int MaxRawCellLength = 2 * PlanTableInterpreter.MaxCellLength;

    public static PlanTable Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = VietnameseText.NormalizeDocument(text).Split('\n');

        var pipeHeader = Array.FindIndex(lines, line => line.TrimStart().StartsWith('|') && !IsPipeLine(line) && PlanColumns.LooksLikeHeader(PipeCells(line)));
        var tabHeader = FindTabHeader(lines);
        var cellHeader = FindCellPerLineHeader(lines);

        var candidates = new List<(int Start, Func<PlanTable> Read)>();
        if (pipeHeader >= 0)
        {
            candidates.Add((pipeHeader, () => ReadPipeTable(lines, pipeHeader)));
        }

        if (tabHeader.Start >= 0)
        {
            candidates.Add((tabHeader.Start, tabHeader.TabSeparated ? () => ReadTabSeparatedRows(lines, tabHeader.Start) : () => ReadTabLedCells(lines, tabHeader.Start)));
        }

        if (cellHeader is { } found)
        {
            candidates.Add((found.Open, () => ReadCellPerLine(lines, found)));
        }

        return candidates.Count == 0
            ? throw new PlanFormatException(
                "Không tìm thấy bảng nhiệm vụ: cần một dòng tiêu đề có các cột \"Nội dung\", \"Cơ quan chủ trì\" và \"Thời gian thực hiện\" " +
                "(mỗi ô một dòng bắt đầu bằng Tab như khi sao chép từ Word, các ô cách nhau bằng Tab, bảng Markdown với dấu |, " +
                "hoặc mỗi ô trên dòng riêng giữa các dòng chỉ có dấu |).")
            : candidates.MinBy(c => c.Start).Read();
    }

    private static (int Start, bool TabSeparated) FindTabHeader(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('\t'))
            {
                continue;
            }

            // One line holding the whole header, cells separated by tabs.
            var inline = lines[i].Trim('\t').Split('\t');
            if (inline.Length >= 3 && PlanColumns.LooksLikeHeader(inline))
            {
                return (i, true);
            }

            // A block of tab-led lines, one cell each.
            var block = new List<string>();
            for (var j = i; j < lines.Length && lines[j].StartsWith('\t'); j++)
            {
                block.Add(lines[j][1..]);
            }

            if (PlanColumns.LooksLikeHeader(block))
            {
                return (i, false);
            }

            i += Math.Max(block.Count - 1, 0);
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split('\t');
            if (cells.Length >= 3 && PlanColumns.LooksLikeHeader(cells))
            {
                return (i, true);
            }
        }

        return (-1, false);
    }

    private static PlanTable ReadTabLedCells(string[] lines, int headerStart)
    {
        var rows = new List<PlanTableRow>();
        PlanTableCut? cut = null;

        // One builder per cell: appending continuation lines to a string would copy the cell each time (quadratic).
        List<StringBuilder>? cells = null;
        var rowStart = 0;
        var previousBlank = true;
        var headerCount = 0;
        var i = headerStart;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsCutMarker(line))
            {
                // A row the cut broke off (fewer cells than the header) is named, not imported.
                var broken = cells is { Count: > 0 } && rows.Count > 0 && cells.Count < headerCount
                    ? new PlanTableRow(rowStart, [.. cells.Select(c => c.ToString())])
                    : null;
                if (broken is null)
                {
                    Flush();
                }

                cut = new PlanTableCut(i + 1, line.Trim(), broken);
                cells = null;
                break;
            }

            if (line.Trim().Length == 0 && !line.StartsWith('\t'))
            {
                Flush();
                previousBlank = true;
                continue;
            }

            if (line.StartsWith('\t'))
            {
                if (cells is null)
                {
                    cells = [];
                    rowStart = i + 1;
                }

                cells.Add(new StringBuilder(line, 1, line.Length - 1, line.Length));
            }
            else if (cells is not null && !previousBlank)
            {
                // A paragraph break inside a cell: the text continues the cell above.
                cells[^1].Append('\n').Append(line);
            }
            else
            {
                // Text after a blank line that is not a cell: the table has ended.
                break;
            }

            if (cells[^1].Length > MaxRawCellLength)
            {
                throw new PlanFormatException($"Dòng {rowStart}: một ô dài hơn {PlanTableInterpreter.MaxCellLength} ký tự.");
            }

            previousBlank = false;
        }

        Flush();
        return Split(rows, Preamble(lines, headerStart), cut ?? CutAfter(lines, i));

        void Flush()
        {
            if (cells is { Count: > 0 })
            {
                rows.Add(new PlanTableRow(rowStart, [.. cells.Select(c => c.ToString())]));
                if (rows.Count == 1)
                {
                    headerCount = cells.Count;
                }
            }

            cells = null;
        }
    }

    private static PlanTable ReadTabSeparatedRows(string[] lines, int headerStart)
    {
        var rows = new List<PlanTableRow>();
        PlanTableCut? cut = null;
        var i = headerStart;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsCutMarker(line))
            {
                cut = new PlanTableCut(i + 1, line.Trim(), null);
                break;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!line.Contains('\t', StringComparison.Ordinal))
            {
                if (rows.Count > 1)
                {
                    break;
                }

                continue;
            }

            var cells = line.Split('\t').ToList();
            if (cells.Count > 0 && cells[0].Length == 0 && line.StartsWith('\t'))
            {
                cells.RemoveAt(0);
            }

            rows.Add(new PlanTableRow(i + 1, cells));
        }

        return Split(rows, Preamble(lines, headerStart), cut ?? CutAfter(lines, i));
    }

    private static PlanTable ReadPipeTable(string[] lines, int headerStart)
    {
        var rows = new List<PlanTableRow>();
        var headerClosed = ClosesRow(lines[headerStart]);
        var lastClosed = true;
        PlanTableCut? cut = null;
        var i = headerStart;
        for (; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (IsCutMarker(line))
            {
                cut = new PlanTableCut(i + 1, line, null);
                break;
            }

            if (!line.StartsWith('|'))
            {
                if (line.Length == 0 && rows.Count <= 1)
                {
                    continue;
                }

                break;
            }

            var cells = PipeCells(line);
            if (cells.All(c => c.Trim().Trim(':').Length > 0 && c.Trim().Trim(':').All(ch => ch == '-')))
            {
                if (rows.Count > 1)
                {
                    // A second delimiter row: the row above it was the header of another table (a signature block).
                    rows.RemoveAt(rows.Count - 1);
                    break;
                }

                continue;
            }

            if (cells.Any(c => c.Length > 0) && cells.Where(c => c.Length > 0).All(IsCutMarker))
            {
                cut = new PlanTableCut(i + 1, line, null);
                break;
            }

            rows.Add(new PlanTableRow(i + 1, cells));
            lastClosed = ClosesRow(line);
        }

        cut ??= CutAfter(lines, i);

        // The page ended (or was cut) in the middle of a row: fewer cells than the header and no closing bar.
        if (rows.Count > 1 && headerClosed && !lastClosed && rows[^1].Cells.Count < rows[0].Cells.Count)
        {
            var broken = rows[^1];
            rows.RemoveAt(rows.Count - 1);
            cut = cut is null
                ? new PlanTableCut(broken.Position, Shorten(lines[broken.Position - 1].Trim()), broken)
                : cut with { DroppedRow = broken };
        }

        return Split(rows, Preamble(lines, headerStart), cut);

        static bool ClosesRow(string line)
        {
            var trimmed = line.TrimEnd();
            return trimmed.EndsWith('|') && !trimmed.EndsWith("\\|", StringComparison.Ordinal);
        }
    }

    private static List<string> PipeCells(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('|'))
        {
            trimmed = trimmed[1..];
        }

        if (trimmed.EndsWith('|') && !trimmed.EndsWith("\\|", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^1];
        }

        var cells = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '\\' && i + 1 < trimmed.Length && trimmed[i + 1] == '|')
            {
                current.Append('|');
                i++;
            }
            else if (trimmed[i] == '|')
            {
                cells.Add(Unescape(current.ToString()));
                current.Clear();
            }
            else
            {
                current.Append(trimmed[i]);
            }
        }

        cells.Add(Unescape(current.ToString()));
        return cells;

        static string Unescape(string cell) =>
            WithoutEmphasis(cell.Replace("<br/>", "\n", StringComparison.OrdinalIgnoreCase).Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase)).Trim();
    }

    /// <summary>Where the header of a one-cell-per-line table opens, its cells, and the line that opens the first row.</summary>
    private sealed record CellPerLineHeader(int Open, IReadOnlyList<string> Cells, int DataStart);

    /// <summary>
    /// The one-cell-per-line layout: <c>|</c>, a cell's line(s), <c>|</c>, the next cell, …; two <c>|</c> lines in a row
    /// are an empty cell or the end of a row. The header is the first run of cells, up to such a pair, that names the
    /// content, lead and timeframe columns; text before its first column name (a title between two tables) is not part
    /// of it.
    /// </summary>
    private static CellPerLineHeader? FindCellPerLineHeader(string[] lines)
    {
        var pipes = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsPipeLine(lines[i]))
            {
                pipes.Add(i);
            }
        }

        // A header row is the last cells of a run of non-empty slots (the empty slot after it ends the row); what comes
        // before it in the run is the previous table and the text between tables. So each run is looked at once, and
        // only its last 40 cells are read: a page of bars stays linear.
        var empty = new bool[Math.Max(pipes.Count - 1, 0)];
        for (var q = 0; q < empty.Length; q++)
        {
            empty[q] = IsEmptySlot(lines, pipes[q] + 1, pipes[q + 1]);
        }

        for (var q = 0; q < empty.Length;)
        {
            if (empty[q])
            {
                q++;
                continue;
            }

            var start = q;
            while (q < empty.Length && !empty[q])
            {
                q++;
            }

            // Slots [start, q) are one run; the empty slot at q ends it and pipes[q + 1] opens the next row.
            if (q >= empty.Length)
            {
                break;
            }

            var from = Math.Max(start, q - 40);
            var cells = new List<string?>();
            for (var k = from; k < q; k++)
            {
                cells.Add(SlotText(lines, pipes[k] + 1, pipes[k + 1], 150));
            }

            // The earliest cell that names a column and after which every cell is short enough to be a header cell.
            var lastLong = cells.FindLastIndex(c => c is null);
            for (var k = lastLong + 1; k < cells.Count; k++)
            {
                if (PlanColumns.NamesAColumn(cells[k]!))
                {
                    var header = cells[k..].Select(c => c!).ToList();
                    if (PlanColumns.LooksLikeHeader(header))
                    {
                        return new CellPerLineHeader(pipes[from + k], header, pipes[q + 1]);
                    }

                    break;
                }
            }
        }

        return null;
    }

    private static bool IsEmptySlot(string[] lines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var line = lines[i];
            if (!string.IsNullOrWhiteSpace(line) && (!line.Contains('*', StringComparison.Ordinal) && !line.Contains('_', StringComparison.Ordinal) || WithoutEmphasis(line).Trim().Length > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A cell's text between two <c>|</c> lines (hard wraps kept, blank lines dropped); null when longer than <paramref name="max"/>.</summary>
    private static string? SlotText(string[] lines, int from, int to, int max)
    {
        var length = 0;
        for (var i = from; i < to; i++)
        {
            length += lines[i].Length + 1;
            if (length > max)
            {
                return null;
            }
        }

        return string.Join('\n', lines[from..to].Select(l => WithoutEmphasis(l).Trim()).Where(l => l.Length > 0));
    }

    private static PlanTable ReadCellPerLine(string[] lines, CellPerLineHeader header)
    {
        var width = header.Cells.Count;
        var numberColumn = PlanColumns.Find(header.Cells).Number;

        // The cells after the header, in order ("" for an empty one), up to the end of the table or a cut.
        var slots = new List<(int Line, string Text)>();
        PlanTableCut? cut = null;
        string? brokenText = null;
        var i = header.DataStart;
        while (i < lines.Length)
        {
            var next = i + 1;
            while (next < lines.Length && !IsPipeLine(lines[next]) && !IsCutMarker(lines[next]))
            {
                next++;
            }

            if (next >= lines.Length)
            {
                break; // Text after the last "|" is not in the table.
            }

            var text = SlotText(lines, i + 1, next, MaxRawCellLength)
                ?? throw new PlanFormatException($"Dòng {i + 2}: một ô dài hơn {PlanTableInterpreter.MaxCellLength} ký tự.");
            if (IsCutMarker(lines[next]))
            {
                cut = new PlanTableCut(next + 1, lines[next].Trim(), null);
                brokenText = text;
                break;
            }

            slots.Add((i + 2, text));
            i = next;
        }

        var rows = new List<PlanTableRow>();
        var current = new List<string>();
        var rowStart = 0;
        var ended = false;
        var s = 0;
        while (s < slots.Count)
        {
            var (line, text) = slots[s];
            if (text.Length > 0)
            {
                if (current.Count >= width)
                {
                    Flush();
                }

                // A row that does not open with a number, a numeral or an empty number cell: the table has ended
                // ("Trên đây là Kế hoạch …", the signature block, a page's own text).
                if (current.Count == 0 && numberColumn == 0 && rows.Count > 0 && !LooksLikeRowStart(text))
                {
                    ended = true;
                    break;
                }

                if (current.Count == 0)
                {
                    rowStart = line;
                }

                current.Add(text);
                s++;
                continue;
            }

            // A run of empty slots: empty cells of this row, the row's end, and empty cells opening the next row.
            var run = 0;
            while (s + run < slots.Count && slots[s + run].Text.Length == 0)
            {
                run++;
            }

            var following = s + run < slots.Count ? slots[s + run].Text : null;
            if (current.Count == 0)
            {
                rowStart = line;
            }

            if (following is null)
            {
                current.AddRange(Enumerable.Repeat(string.Empty, Math.Min(run, Math.Max(width - current.Count, 0))));
            }
            else if (current.Count + run + 1 > width || LooksLikeNextRow(following))
            {
                // The next cell cannot belong to this row (it is full, or the next cell opens a row): one slot ends it.
                var inThisRow = Math.Min(run - 1, Math.Max(width - current.Count, 0));
                current.AddRange(Enumerable.Repeat(string.Empty, inThisRow));
                Flush();
                current.AddRange(Enumerable.Repeat(string.Empty, run - 1 - inThisRow));
                rowStart = slots[s + run - 1].Line;
            }
            else
            {
                current.AddRange(Enumerable.Repeat(string.Empty, run));
            }

            s += run;
        }

        if (ended)
        {
            cut = null; // Dots further down belong to what follows the table, not to it.
        }
        else if (cut is not null)
        {
            // A row the cut broke off is named, not imported; a row complete before the cut stays.
            if (current.Count >= width)
            {
                Flush();
            }

            if (brokenText is { Length: > 0 })
            {
                if (current.Count == 0)
                {
                    rowStart = cut.Position - 1;
                }

                current.Add(brokenText);
            }

            cut = current.Any(c => c.Length > 0) ? cut with { DroppedRow = new PlanTableRow(rowStart, [.. current]) } : cut;
            current.Clear();
        }
        else if (current.Count is > 0 && current.Count < width && current.Any(c => c.Length > 0) && !LooksLikeSection(current))
        {
            // The page ends in the middle of a row.
            cut = new PlanTableCut(rowStart, Shorten(string.Join(" | ", current)), new PlanTableRow(rowStart, [.. current]));
            current.Clear();
        }

        Flush();
        rows.Insert(0, new PlanTableRow(header.Open + 1, header.Cells));
        var preamble = string.Join('\n', lines.Take(header.Open).Where(l => !IsPipeLine(l)));
        return Split(rows, preamble, cut);

        void Flush()
        {
            if (current.Any(c => c.Length > 0))
            {
                rows.Add(new PlanTableRow(rowStart, [.. current]));
            }

            current = [];
        }

        static bool LooksLikeSection(List<string> cells) => cells.Count(c => c.Length > 0) <= 2 && SectionStart().IsMatch(cells.First(c => c.Length > 0));
    }

    /// <summary>A cell that opens a row: a task number ("12", "3."), a section numeral ("II", "I. TITLE").</summary>
    private static bool LooksLikeRowStart(string cell) => RowStart().IsMatch(cell);

    /// <summary>
    /// Whether the cell after an empty one opens the next row rather than filling this one: a task number or a
    /// numeral, but not a year ("2025" alone is a timeframe cell after an empty output cell).
    /// </summary>
    private static bool LooksLikeNextRow(string cell) =>
        LooksLikeRowStart(cell) && !(TaskNumber().Match(cell) is { Success: true } n && n.Groups["n"].Value.Length == 4 && int.Parse(n.Groups["n"].Value, CultureInfo.InvariantCulture) is >= TimeframeParser.MinYear and <= TimeframeParser.MaxYear);

    private static bool IsPipeLine(string line) => line.Trim() == "|";

    /// <summary>A line of dots (or an ellipsis) where a page hides the rest of the document.</summary>
    internal static bool IsCutMarker(string line)
    {
        var trimmed = WithoutEmphasis(line).Trim();
        return trimmed.Length > 0
            && trimmed.All(c => c is '.' or '…' or ' ' or '·' or '\t')
            && (trimmed.Count(c => c == '.') >= 3 || trimmed.Contains('…', StringComparison.Ordinal));
    }

    /// <summary>The first line after a table, past blank lines, when it is a line of dots.</summary>
    private static PlanTableCut? CutAfter(string[] lines, int from)
    {
        for (var i = from; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            return IsCutMarker(lines[i]) ? new PlanTableCut(i + 1, lines[i].Trim(), null) : null;
        }

        return null;
    }

    /// <summary>Markdown bold markers (<c>**I.**</c>, <c>** II**</c>) and a whole line in <c>*italics*</c>; the text stays.</summary>
    internal static string WithoutEmphasis(string text)
    {
        var plain = text.Replace("**", string.Empty, StringComparison.Ordinal).Replace("__", string.Empty, StringComparison.Ordinal);
        var trimmed = plain.Trim();
        return trimmed.Length > 2 && trimmed[0] == '*' && trimmed[^1] == '*' ? trimmed[1..^1] : plain;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static PlanTable Split(List<PlanTableRow> rows, string preamble, PlanTableCut? cut) =>
        rows.Count == 0
            ? throw new PlanFormatException("Bảng nhiệm vụ không có dòng nào.")
            : new PlanTable(rows[0].Cells, rows.Skip(1).ToList(), preamble) { Cut = cut };

    private static string Preamble(string[] lines, int headerStart) => string.Join('\n', lines.Take(headerStart));

    [GeneratedRegex(@"^([0-9]{1,4}|[IVXLC]+|[A-Z])\s*[.)]?(\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex RowStart();

    [GeneratedRegex(@"^(?<n>[0-9]{1,4})\s*[.)]?$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskNumber();

    [GeneratedRegex(@"^([IVXLC]+|[A-Z])\s*[.)]?(\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SectionStart();
}
