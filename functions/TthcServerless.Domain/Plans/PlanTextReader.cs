using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>
/// Reads a plan's task table from text as offices actually have it: copied out of Word or a legal-database page, where
/// every cell is a tab-led line and rows are separated by blank lines (a non-tab line right after a cell continues that
/// cell); tab-separated rows, one per line; or a Markdown pipe table. Line endings and NFC/NFD do not matter.
/// </summary>
public static class PlanTextReader
{
    public static PlanTable Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = VietnameseText.NormalizeDocument(text).Split('\n');

        var pipeHeader = Array.FindIndex(lines, line => line.TrimStart().StartsWith('|') && PlanColumns.LooksLikeHeader(PipeCells(line)));
        var tabHeader = FindTabHeader(lines);
        return (pipeHeader, tabHeader) switch
        {
            ( >= 0, var t) when t.Start < 0 || pipeHeader < t.Start => ReadPipeTable(lines, pipeHeader),
            (_, { Start: >= 0 } t) when t.TabSeparated => ReadTabSeparatedRows(lines, t.Start),
            (_, { Start: >= 0 } t) => ReadTabLedCells(lines, t.Start),
            _ => throw new PlanFormatException(
                "Không tìm thấy bảng nhiệm vụ: cần một dòng tiêu đề có các cột \"Nội dung\", \"Cơ quan chủ trì\" và \"Thời gian thực hiện\" " +
                "(mỗi ô một dòng bắt đầu bằng Tab như khi sao chép từ Word, các ô cách nhau bằng Tab, hoặc bảng Markdown với dấu |)."),
        };
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
        // Raw text still carries spacing that cleaning removes, so the reader stops only at twice the interpreter's limit.
        const int maxRawCellLength = 2 * PlanTableInterpreter.MaxCellLength;
        var rows = new List<PlanTableRow>();

        // One builder per cell: appending continuation lines to a string would copy the cell each time (quadratic).
        List<System.Text.StringBuilder>? cells = null;
        var rowStart = 0;
        var previousBlank = true;
        for (var i = headerStart; i < lines.Length; i++)
        {
            var line = lines[i];
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

                cells.Add(new System.Text.StringBuilder(line, 1, line.Length - 1, line.Length));
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

            if (cells[^1].Length > maxRawCellLength)
            {
                throw new PlanFormatException($"Dòng {rowStart}: một ô dài hơn {PlanTableInterpreter.MaxCellLength} ký tự.");
            }

            previousBlank = false;
        }

        Flush();
        return Split(rows, Preamble(lines, headerStart));

        void Flush()
        {
            if (cells is { Count: > 0 })
            {
                rows.Add(new PlanTableRow(rowStart, [.. cells.Select(c => c.ToString())]));
            }

            cells = null;
        }
    }

    private static PlanTable ReadTabSeparatedRows(string[] lines, int headerStart)
    {
        var rows = new List<PlanTableRow>();
        for (var i = headerStart; i < lines.Length; i++)
        {
            var line = lines[i];
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

        return Split(rows, Preamble(lines, headerStart));
    }

    private static PlanTable ReadPipeTable(string[] lines, int headerStart)
    {
        var rows = new List<PlanTableRow>();
        for (var i = headerStart; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
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
                continue;
            }

            rows.Add(new PlanTableRow(i + 1, cells));
        }

        return Split(rows, Preamble(lines, headerStart));
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
        var current = new System.Text.StringBuilder();
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
            cell.Replace("<br/>", "\n", StringComparison.OrdinalIgnoreCase).Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase).Trim();
    }

    private static PlanTable Split(List<PlanTableRow> rows, string preamble) =>
        rows.Count == 0
            ? throw new PlanFormatException("Bảng nhiệm vụ không có dòng nào.")
            : new PlanTable(rows[0].Cells, rows.Skip(1).ToList(), preamble);

    private static string Preamble(string[] lines, int headerStart) => string.Join('\n', lines.Take(headerStart));
}
