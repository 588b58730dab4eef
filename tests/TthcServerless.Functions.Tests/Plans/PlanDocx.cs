using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>Builds a Word document the way an office's plan looks: preamble paragraphs, then the task table, section headings merged across the row.</summary>
internal static class PlanDocx
{
    public static byte[] FromText(string planText)
    {
        var table = PlanTextReader.Read(planText);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var line in table.Preamble.Split('\n'))
            {
                body.AppendChild(Paragraph(line));
            }

            var grid = new Table(new TableProperties(new TableBorders(new TopBorder { Val = BorderValues.Single }, new BottomBorder { Val = BorderValues.Single })));
            grid.AppendChild(Row(table.Header));
            foreach (var row in table.Rows)
            {
                var distinct = row.Cells.Select(c => c.Trim()).Distinct().ToList();
                grid.AppendChild(distinct.Count == 1 && row.Cells.Count > 1
                    ? MergedRow(distinct[0], table.Header.Count)
                    : Row(row.Cells));
            }

            body.AppendChild(grid);
            body.AppendChild(Paragraph("III. KINH PHÍ"));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static TableRow Row(IEnumerable<string> cells) =>
        new(cells.Select(text => new TableCell(text.Split('\n').Select(Paragraph))));

    private static TableRow MergedRow(string text, int columns) =>
        new(new TableCell(new TableCellProperties(new GridSpan { Val = columns }), Paragraph(text)));

    private static Paragraph Paragraph(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
}
