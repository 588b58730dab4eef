using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Functions.Plans;

/// <summary>
/// Reads a plan's task table from a Word document (.docx) with the OpenXml SDK: the first table whose header row names
/// the content, lead and timeframe columns. Horizontally merged cells (a section heading across the row) become one
/// cell followed by empty ones; vertically merged cells repeat the text above, as a reader of the printed page sees it.
/// The paragraphs before the table are the preamble (title, issuing decision).
/// </summary>
internal static class DocxPlanReader
{
    // A plan's document.xml is a few megabytes; without a limit a small zip bomb is inflated whole into memory.
    internal const long MaxCharactersInPart = 50_000_000;

    // Word's own grid has at most 63 columns; a larger span is a crafted file that would append cells without end.
    internal const int MaxGridSpan = 64;

    public static PlanTable Read(byte[] document) => Read(document, MaxCharactersInPart);

    internal static PlanTable Read(byte[] document, long maxCharactersInPart)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            using var stream = new MemoryStream(document, writable: false);
            using var word = WordprocessingDocument.Open(stream, isEditable: false, new OpenSettings { MaxCharactersInPart = maxCharactersInPart });
            var body = word.MainDocumentPart?.Document?.Body
                ?? throw new PlanFormatException("Tệp .docx không có nội dung văn bản.");

            var preamble = new List<string>();
            foreach (var element in body.ChildElements)
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        preamble.Add(TextOf(paragraph));
                        break;
                    case Table table when ReadTable(table) is { } rows && PlanColumns.LooksLikeHeader(rows[0].Cells):
                        return new PlanTable(rows[0].Cells, rows.Skip(1).ToList(), string.Join('\n', preamble));
                    case Table:
                        preamble.Add(string.Empty);
                        break;
                }
            }

            throw new PlanFormatException("Không tìm thấy bảng nhiệm vụ trong tệp .docx: cần một bảng có dòng tiêu đề gồm \"Nội dung\", \"Cơ quan chủ trì\" và \"Thời gian thực hiện\".");
        }
        // XmlException covers malformed parts and a part over MaxCharactersInPart: a bad document is a 400, not a 500.
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or XmlException)
        {
            throw new PlanFormatException("Tệp không phải tài liệu Word (.docx) đọc được.", ex);
        }
    }

    private static List<PlanTableRow>? ReadTable(Table table)
    {
        var rows = new List<PlanTableRow>();
        var above = new Dictionary<int, string>();
        var position = 0;
        foreach (var row in table.Elements<TableRow>())
        {
            position++;
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var span = Math.Clamp(properties?.GridSpan?.Val?.Value ?? 1, 1, MaxGridSpan);
                var column = cells.Count;
                var merge = properties?.VerticalMerge;
                string text;
                if (merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue))
                {
                    text = above.GetValueOrDefault(column, string.Empty);
                }
                else
                {
                    text = string.Join('\n', cell.Elements<Paragraph>().Select(TextOf));
                    above[column] = text;
                }

                cells.Add(text);
                for (var extra = 1; extra < span && cells.Count < MaxGridSpan; extra++)
                {
                    cells.Add(string.Empty);
                }
            }

            rows.Add(new PlanTableRow(position, cells));
        }

        return rows.Count == 0 ? null : rows;
    }

    private static string TextOf(Paragraph paragraph)
    {
        var text = new System.Text.StringBuilder();
        foreach (var run in paragraph.Descendants<Run>())
        {
            foreach (var child in run.ChildElements)
            {
                switch (child)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append(' ');
                        break;
                    case Break or CarriageReturn:
                        text.Append('\n');
                        break;
                }
            }
        }

        return text.ToString();
    }
}
