using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TthcServerless.Functions.Reports;

/// <summary>
/// Rows of one table (<paramref name="TableName"/>) to append below the rows ClosedXML wrote: <paramref name="FirstRow"/> is the sheet row (1-based) of
/// the first of them, <paramref name="FirstColumn"/> the table's first column, one value per column as
/// <see cref="ReportWorkbook"/> computes it.
/// </summary>
internal sealed record StreamedRows(string SheetName, string TableName, int FirstRow, int FirstColumn, IReadOnlyList<ColumnType> Types, int Count, IEnumerable<object?[]> Rows);

/// <summary>
/// Writes the bulk of the model tables straight into the saved package with <see cref="OpenXmlWriter"/>, one row at a
/// time, instead of through ClosedXML (which holds every cell, then the whole OpenXml DOM, in memory: 1.6 GB for a
/// province's year). The sheet ClosedXML saved — labels, header, the table's first row, columns, views, page setup and
/// the table part, whose range already covers every row — is copied as it is, the rows are added to its sheet data,
/// and each cell takes the style of its column's cell in the first row, so formats are ClosedXML's. Text goes in as an
/// inline string: never a formula, whatever it starts with.
/// </summary>
internal static class WorkbookRowStream
{
    /// <summary>Appends each table's rows to its sheet in <paramref name="document"/> (opened for editing, auto-save on).</summary>
    public static void Append(SpreadsheetDocument document, IReadOnlyList<StreamedRows> tables)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(tables);
        var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("The workbook has no workbook part.");
        foreach (var table in tables)
        {
            var sheet = workbookPart.Workbook.Sheets?.Elements<Sheet>().SingleOrDefault(s => s.Name == table.SheetName)
                ?? throw new InvalidOperationException($"The workbook has no sheet '{table.SheetName}'.");
            var part = (WorksheetPart)workbookPart.GetPartById(sheet.Id!);
            Rewrite(part, table);
            AddFilterButtons(part, table.TableName);
        }
    }

    /// <summary>The table's autofilter (its header's filter buttons), which ClosedXML was asked not to write for this table.</summary>
    private static void AddFilterButtons(WorksheetPart part, string tableName)
    {
        var definition = part.TableDefinitionParts.Select(p => p.Table).SingleOrDefault(t => t.Name == tableName)
            ?? throw new InvalidOperationException($"The sheet has no table '{tableName}'.");
        if (definition.AutoFilter is null)
        {
            // First in the table's children (schema order: autoFilter, sortState, tableColumns, tableStyleInfo).
            definition.PrependChild(new AutoFilter { Reference = definition.Reference!.Value });
        }
    }

    private static void Rewrite(WorksheetPart part, StreamedRows table)
    {
        // Read as a detached element, not through part.Worksheet: a DOM loaded on the part would be saved back over
        // the streamed content when the package closes.
        Worksheet worksheet;
        using (var reader = OpenXmlReader.Create(part))
        {
            while (reader.Read() && reader.ElementType != typeof(Worksheet))
            {
            }

            worksheet = (Worksheet)reader.LoadCurrentElement()!;
        }

        var styles = ColumnStyles(worksheet, table);
        var lastRow = table.FirstRow + table.Count - 1;
        var root = (Worksheet)worksheet.CloneNode(false);
        var children = worksheet.ChildElements.Select(c => c.CloneNode(true)).ToList();
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        using var writer = OpenXmlWriter.Create(stream);
        writer.WriteStartDocument();
        writer.WriteStartElement(root, root.GetAttributes(), root.NamespaceDeclarations);
        foreach (var child in children)
        {
            switch (child)
            {
                case SheetDimension dimension:
                    dimension.Reference = $"A1:{ColumnName(table.FirstColumn + table.Types.Count - 1)}{lastRow}";
                    writer.WriteElement(dimension);
                    break;
                case SheetData data:
                    writer.WriteStartElement(new SheetData());
                    foreach (var row in data.Elements<Row>())
                    {
                        writer.WriteElement(row);
                    }

                    WriteRows(writer, table, styles);
                    writer.WriteEndElement();
                    break;
                default:
                    writer.WriteElement(child);
                    break;
            }
        }

        writer.WriteEndElement();
        writer.Close();
    }

    private static void WriteRows(OpenXmlWriter writer, StreamedRows table, UInt32Value?[] styles)
    {
        var columns = Enumerable.Range(0, table.Types.Count).Select(c => ColumnName(table.FirstColumn + c)).ToArray();
        var rowIndex = table.FirstRow;
        foreach (var values in table.Rows)
        {
            var number = rowIndex.ToString(CultureInfo.InvariantCulture);
            writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", string.Empty, number)]);
            for (var c = 0; c < values.Length; c++)
            {
                if (Cell(values[c], table.Types[c]) is { } cell)
                {
                    cell.CellReference = columns[c] + number;
                    cell.StyleIndex = styles[c];
                    writer.WriteElement(cell);
                }
            }

            writer.WriteEndElement();
            rowIndex++;
        }
    }

    /// <summary>The cell as <see cref="ReportWorkbook"/>'s Put writes the value (null: no cell).</summary>
    private static Cell? Cell(object? value, ColumnType type) => value switch
    {
        null => null,
        DateOnly day => Number(day.ToDateTime(TimeOnly.MinValue).ToOADate()),
        DateTimeOffset instant => Number(ReportWorkbook.Local(instant).ToOADate()),
        bool flag => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(flag ? "1" : "0") },
        int number when type != ColumnType.Text => Number(number),
        double number when type != ColumnType.Text => Number(number),
        _ => Text(ReportWorkbook.TextOf(value)),
    };

    private static Cell Number(double value) => new() { CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)) };

    private static Cell Text(string text)
    {
        var t = new Text(text);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            t.Space = SpaceProcessingModeValues.Preserve;
        }

        return new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(t) };
    }

    /// <summary>Each column's style as ClosedXML gave the table's first row (a column with no cell there keeps the default).</summary>
    private static UInt32Value?[] ColumnStyles(Worksheet worksheet, StreamedRows table)
    {
        var styles = new UInt32Value?[table.Types.Count];
        var first = worksheet.GetFirstChild<SheetData>()?.Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == (uint)(table.FirstRow - 1));
        foreach (var cell in first?.Elements<Cell>() ?? [])
        {
            var column = ColumnNumber(cell.CellReference?.Value ?? string.Empty) - table.FirstColumn;
            if (column >= 0 && column < styles.Length && cell.StyleIndex is { } style)
            {
                styles[column] = new UInt32Value(style.Value);
            }
        }

        return styles;
    }

    private static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static int ColumnNumber(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter))
        {
            n = (n * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return n;
    }
}
