using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace TthcServerless.Functions.Reports;

/// <summary>A bar chart over cells already written: the categories and values as references, with their values cached.</summary>
internal sealed record BarChartSpec(
    string SheetName,
    string Title,
    string SeriesName,
    string SeriesReference,
    string CategoriesReference,
    string ValuesReference,
    IReadOnlyList<string> Categories,
    IReadOnlyList<double> Values,
    (int Column, int Row) From,
    (int Column, int Row) To);

/// <summary>
/// Adds a native chart to a saved workbook with the OpenXml SDK (ClosedXML 0.95.4 writes none; docs/reports.md). Three
/// details decide whether Excel keeps it: the sheet's <c>&lt;drawing&gt;</c> goes before <c>tableParts</c> and
/// <c>extLst</c> (schema order; appended, Excel "repairs" the file), the graphicData URI is the <c>http</c> one, and
/// the series carry cached values so viewers that do not recalculate still draw it.
/// </summary>
internal static class WorkbookChart
{
    public const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";

    public static void AddBarChart(SpreadsheetDocument document, BarChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(spec);
        var workbook = document.WorkbookPart ?? throw new InvalidOperationException("The package has no workbook.");
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == spec.SheetName);
        var worksheetPart = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var drawings = worksheetPart.DrawingsPart ?? worksheetPart.AddNewPart<DrawingsPart>();
        drawings.WorksheetDrawing ??= new Xdr.WorksheetDrawing();
        var worksheet = worksheetPart.Worksheet;
        if (!worksheet.Elements<Drawing>().Any())
        {
            var drawing = new Drawing { Id = worksheetPart.GetIdOfPart(drawings) };
            var next = worksheet.ChildElements.FirstOrDefault(e => e is LegacyDrawing or LegacyDrawingHeaderFooter or Picture or OleObjects or Controls
                or WebPublishItems or TableParts or WorksheetExtensionList);
            if (next is null)
            {
                worksheet.Append(drawing);
            }
            else
            {
                worksheet.InsertBefore(drawing, next);
            }
        }

        var chart = drawings.AddNewPart<ChartPart>();
        chart.ChartSpace = new C.ChartSpace(
            new C.EditingLanguage { Val = "vi-VN" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.Title(
                    new C.ChartText(new C.RichText(new A.BodyProperties(), new A.ListStyle(),
                        new A.Paragraph(new A.Run(new A.RunProperties { Language = "vi-VN", FontSize = 1200, Bold = true }, new A.Text(spec.Title))))),
                    new C.Overlay { Val = false }),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(
                    new C.Layout(),
                    new C.BarChart(
                        new C.BarDirection { Val = C.BarDirectionValues.Bar },
                        new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
                        new C.VaryColors { Val = false },
                        new C.BarChartSeries(
                            new C.Index { Val = 0U },
                            new C.Order { Val = 0U },
                            new C.SeriesText(new C.StringReference(new C.Formula(spec.SeriesReference), StringCache([spec.SeriesName]))),
                            new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = "2F5597" })),
                            new C.InvertIfNegative { Val = false },
                            new C.DataLabels(
                                new C.ShowLegendKey { Val = false }, new C.ShowValue { Val = true }, new C.ShowCategoryName { Val = false },
                                new C.ShowSeriesName { Val = false }, new C.ShowPercent { Val = false }, new C.ShowBubbleSize { Val = false }),
                            new C.CategoryAxisData(new C.StringReference(new C.Formula(spec.CategoriesReference), StringCache(spec.Categories))),
                            new C.Values(new C.NumberReference(new C.Formula(spec.ValuesReference), NumberCache(spec.Values)))),
                        new C.GapWidth { Val = 60 },
                        new C.AxisId { Val = 1U },
                        new C.AxisId { Val = 2U }),
                    new C.CategoryAxis(
                        new C.AxisId { Val = 1U },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MaxMin }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Left },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = 2U },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.AutoLabeled { Val = true },
                        new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                        new C.LabelOffset { Val = 100 }),
                    new C.ValueAxis(
                        new C.AxisId { Val = 2U },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                        new C.MajorGridlines(),
                        new C.NumberingFormat { FormatCode = "#,##0", SourceLinked = false },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = 1U },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.CrossBetween { Val = C.CrossBetweenValues.Between })),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }));

        var frameId = (uint)drawings.WorksheetDrawing.ChildElements.Count + 2;
        drawings.WorksheetDrawing.Append(new Xdr.TwoCellAnchor(
            Marker<Xdr.FromMarker>(spec.From),
            Marker<Xdr.ToMarker>(spec.To),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(
                    new Xdr.NonVisualDrawingProperties { Id = frameId, Name = $"Biểu đồ {frameId - 1}" },
                    new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = drawings.GetIdOfPart(chart) }) { Uri = ChartUri }))
            { Macro = string.Empty },
            new Xdr.ClientData()));
    }

    private static T Marker<T>((int Column, int Row) at)
        where T : OpenXmlCompositeElement, new()
    {
        var marker = new T();
        marker.Append(
            new Xdr.ColumnId(at.Column.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Xdr.ColumnOffset("0"),
            new Xdr.RowId(at.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Xdr.RowOffset("0"));
        return marker;
    }

    private static C.StringCache StringCache(IReadOnlyList<string> values)
    {
        var cache = new C.StringCache(new C.PointCount { Val = (uint)values.Count });
        for (var i = 0; i < values.Count; i++)
        {
            cache.Append(new C.StringPoint(new C.NumericValue(values[i])) { Index = (uint)i });
        }

        return cache;
    }

    private static C.NumberingCache NumberCache(IReadOnlyList<double> values)
    {
        var cache = new C.NumberingCache(new C.FormatCode("General"), new C.PointCount { Val = (uint)values.Count });
        for (var i = 0; i < values.Count; i++)
        {
            cache.Append(new C.NumericPoint(new C.NumericValue(values[i].ToString(System.Globalization.CultureInfo.InvariantCulture))) { Index = (uint)i });
        }

        return cache;
    }
}
