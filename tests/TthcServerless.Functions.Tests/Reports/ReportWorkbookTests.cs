using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using TthcServerless.Functions.Reports;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace TthcServerless.Functions.Tests.Reports;

/// <summary>The workbook as a file: valid Open XML, the sheets and tables of docs/reports.md, values not formulas.</summary>
public sealed class ReportWorkbookTests : IDisposable
{
    private readonly WorkbookFile _file = WorkbookFile.Q1();

    public void Dispose() => _file.Dispose();

    private static readonly string[] Sheets =
    [
        "Thông tin", "Tổng quan", "Theo mục", "Xếp hạng", "Quá hạn", "Chưa báo cáo", "Khó khăn - đề xuất", "PAKN", "Kỳ tới",
        "Dữ liệu - Phân công", "Dữ liệu - Cập nhật", "Dữ liệu - PAKN", "Dữ liệu - Cơ quan", "Dữ liệu - Nhiệm vụ", "Dữ liệu - Mục",
        "Dữ liệu - Tình trạng", "Dữ liệu - Bước PAKN", "Dữ liệu - Kỳ", "Dữ liệu - Ngày", "Từ điển dữ liệu",
    ];

    /// <summary>The star-schema contract: table name → its columns, in order.</summary>
    private static readonly Dictionary<string, string[]> Tables = new()
    {
        ["ReportInfo"] = ["Key", "Label", "Value"],
        ["Kpi"] = ["KpiKey", "Group", "Indicator", "ThisPeriod", "PreviousPeriod", "Change"],
        ["BySection"] = ["SectionKey", "SectionNumber", "SectionTitle", "Tasks", "Assignments", "CompletedOnTime", "CompletedLate", "CompletedUndated", "InProgress", "NotStarted", "Overdue", "RecurringReported", "RecurringNotReported", "OnTimeRate"],
        ["ByAgency"] = ["Rank", "AgencyKey", "AgencyName", "Level", "Groups", "DueInPeriod", "Assignments", "CompletedOnTime", "CompletedLate", "CompletedUndated", "InProgress", "NotStarted", "Overdue", "RecurringReported", "RecurringNotReported", "OnTimeRate", "AverageDaysOverdue"],
        ["Overdue"] = ["No", "SectionNumber", "TaskId", "Content", "AgencyKey", "AgencyName", "DueDate", "DaysOverdue", "ProgressPercent", "LastReportedAt", "LastDifficulty"],
        ["NotReported"] = ["TaskId", "Content", "AgencyKey", "AgencyName", "Cadence", "CadencePeriodId", "LastReportedAt"],
        ["Issues"] = ["ReportedAt", "AgencyKey", "AgencyName", "TaskId", "Difficulties", "Proposals", "Status"],
        ["PaknByStage"] = ["StageKey", "Stage", "Cases"],
        ["PaknResult"] = ["ResultKey", "Indicator", "Cases"],
        ["PaknByAgency"] = ["AgencyKey", "AgencyName", "Assigned", "AnsweredOnTime", "AnsweredLate", "OpenWithinDeadline", "OpenPastDeadline", "AnswerOnTimeRate"],
        ["PaknByTopic"] = ["Dimension", "Key", "Label", "Cases"],
        ["Upcoming"] = ["TaskId", "Content", "AgencyKey", "AgencyName", "DueDate"],
        ["FactAssignment"] = ["ReportPeriodKey", "AsOfDate", "PlanKey", "TaskKey", "SectionKey", "AgencyKey", "IsLead", "TimeframeKind", "DueDate", "DueDateKey", "StandingKey", "ProgressPercent", "CompletedOn", "DaysOverdue", "ReportedThisPeriod", "LastReportedAt", "OutputDocumentNumber", "OutputDocumentDate"],
        ["FactTaskUpdate"] = ["ReportPeriodKey", "AsOfDate", "UpdateId", "ReportedAt", "ReportedDateKey", "PeriodKey", "TaskKey", "AgencyKey", "Status", "ProgressPercent", "CompletedOn", "HasDifficulty", "HasProposal", "Difficulties", "Proposals", "Summary"],
        ["FactFeedback"] = ["ReportPeriodKey", "AsOfDate", "CaseKey", "KindKey", "TopicKey", "ChannelKey", "SubmitterType", "SubmittedOn", "ClockStartedOn", "StageKey", "AgencyKey", "ClassifyBy", "AnswerBy", "AnsweredOn", "PublishBy", "PublishedOn", "IsRefused", "RefusedOnTime", "AnsweredOnTime", "PublishedOnTime", "PendingOverdue", "WorkingDaysOpen"],
        ["DimAgency"] = ["AgencyKey", "Name", "LevelKey", "Kind", "ParentKey", "Groups"],
        ["DimTask"] = ["TaskKey", "PlanKey", "SectionKey", "TaskNumber", "SortKey", "Content", "ExpectedOutput", "TimeframeText", "TimeframeKind", "Recurrence"],
        ["DimSection"] = ["SectionKey", "SectionNumber", "SectionTitle", "SortOrder"],
        ["DimStanding"] = ["StandingKey", "LabelVi", "SortOrder", "IsDone", "IsLate"],
        ["DimFeedbackStage"] = ["StageKey", "LabelVi", "IsOpen", "SortOrder"],
        ["DimPeriod"] = ["PeriodKey", "Kind", "LabelVi", "WindowStart", "WindowEnd"],
        ["DimDate"] = ["Date", "DateKey", "Year", "Quarter", "Month", "MonthLabelVi", "IsWorkingDay", "HolidayName"],
        ["DataDictionary"] = ["TableName", "ColumnName", "LabelVi", "Type", "Description"],
    };

    [Fact]
    public void The_package_has_no_error_under_the_Office_2007_rules()
    {
        using var document = SpreadsheetDocument.Open(_file.Path, false);

        var errors = new OpenXmlValidator(FileFormatVersions.Office2007).Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void Sheets_come_in_order_presentation_first_then_model_then_the_dictionary()
    {
        using var workbook = new XLWorkbook(_file.Path);

        Assert.Equal(Sheets, workbook.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public void Every_table_has_its_stable_name_and_columns()
    {
        using var document = SpreadsheetDocument.Open(_file.Path, false);

        var tables = document.WorkbookPart!.WorksheetParts.SelectMany(w => w.TableDefinitionParts)
            .ToDictionary(t => t.Table.Name!.Value!, t => t.Table.TableColumns!.Elements<TableColumn>().Select(c => c.Name!.Value!).ToArray());

        Assert.Equal(Tables.Keys.Order(), tables.Keys.Order());
        Assert.All(Tables, expected => Assert.Equal(expected.Value, tables[expected.Key]));
    }

    [Fact]
    public void The_data_dictionary_labels_every_column_of_every_table()
    {
        using var workbook = new XLWorkbook(_file.Path);

        var entries = workbook.Table("DataDictionary").DataRange.Rows()
            .Select(r => (Table: r.Field("TableName").GetString(), Column: r.Field("ColumnName").GetString(), Label: r.Field("LabelVi").GetString())).ToList();

        var expected = Tables.SelectMany(t => t.Value.Select(c => (t.Key, c))).Order().ToList();
        Assert.Equal(expected, entries.Select(e => (e.Table, e.Column)).Order());
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Label)));
    }

    [Fact]
    public void No_cell_anywhere_holds_a_formula()
    {
        using var document = SpreadsheetDocument.Open(_file.Path, false);

        var sheets = document.WorkbookPart!.WorksheetParts.ToList();

        Assert.Equal(Sheets.Length, sheets.Count);
        Assert.All(sheets, sheet => Assert.Empty(sheet.Worksheet.Descendants<CellFormula>()));
        Assert.All(sheets.SelectMany(s => s.TableDefinitionParts), t => Assert.DoesNotContain(t.Table.Descendants<TableColumn>(), c => c.CalculatedColumnFormula is not null || c.TotalsRowFunction is not null));
    }

    [Fact]
    public void Text_that_starts_like_a_formula_is_stored_as_text()
    {
        using var workbook = new XLWorkbook(_file.Path);
        var updates = workbook.Table("FactTaskUpdate").DataRange.Rows().Single(r => r.Field("UpdateId").GetString() == "u-formula");
        var assignment = workbook.Table("FactAssignment").DataRange.Rows().Single(r => r.Field("TaskKey").GetString().EndsWith("|I.1", StringComparison.Ordinal));

        foreach (var (cell, text) in new[]
        {
            (updates.Field("Summary"), WorkbookFile.FormulaLikeTexts[0]),
            (updates.Field("Difficulties"), WorkbookFile.FormulaLikeTexts[1]),
            (updates.Field("Proposals"), WorkbookFile.FormulaLikeTexts[2]),
            (assignment.Field("OutputDocumentNumber"), "=45/QĐ-UBND"),
        })
        {
            Assert.False(cell.HasFormula, text);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(text, cell.GetString());
        }
    }

    [Fact]
    public void Every_kind_of_formula_looking_text_is_written_as_a_string_cell()
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.AddWorksheet("x");
        foreach (var (text, row) in WorkbookFile.FormulaLikeTexts.Select((t, i) => (t, i + 1)))
        {
            ReportWorkbook.PutText(ws.Cell(row, 1), text);
        }

        Assert.All(WorkbookFile.FormulaLikeTexts.Select((t, i) => (t, ws.Cell(i + 1, 1))), x =>
        {
            Assert.False(x.Item2.HasFormula);
            Assert.Equal(XLDataType.Text, x.Item2.DataType);
            Assert.Equal(x.t, x.Item2.GetString());
        });
    }

    [Fact]
    public void Dates_are_real_dates_formatted_day_month_year_and_rates_are_fractions_formatted_as_percent()
    {
        using var workbook = new XLWorkbook(_file.Path);
        var overdue = workbook.Table("Overdue").DataRange.FirstRow();
        var rate = workbook.Table("ByAgency").DataRange.FirstRow().Field("OnTimeRate");

        Assert.Equal(XLDataType.DateTime, overdue.Field("DueDate").DataType);
        Assert.Equal(new DateTime(2022, 1, 31), overdue.Field("DueDate").GetDateTime());
        Assert.Equal("dd/MM/yyyy", overdue.Field("DueDate").Style.NumberFormat.Format);
        Assert.Equal(XLDataType.Number, rate.DataType);
        Assert.Equal(1.0, rate.GetDouble());
        Assert.Equal("0.0%", rate.Style.NumberFormat.Format);
    }

    [Fact]
    public void Every_row_of_a_model_table_reads_back_as_the_model_has_it_in_its_columns_formats()
    {
        using var workbook = new XLWorkbook(_file.Path);
        var rows = workbook.Table("FactTaskUpdate").DataRange.Rows().ToList();
        var model = _file.Model.Facts.TaskUpdates;

        // The first row is ClosedXML's, the others are streamed into the saved sheet (WorkbookRowStream): all alike.
        Assert.True(model.Count > 2, $"the fixture has {model.Count} updates");
        Assert.Equal(model.Count, rows.Count);
        foreach (var (row, expected) in rows.Zip(model))
        {
            Assert.Equal(expected.UpdateId, row.Field("UpdateId").GetString());
            Assert.Equal(XLDataType.DateTime, row.Field("ReportedAt").DataType);
            Assert.Equal(expected.ReportedAt.ToOffset(TthcServerless.Domain.VietnamTime.Offset).DateTime, row.Field("ReportedAt").GetDateTime(), TimeSpan.FromSeconds(1));
            Assert.Equal("dd/MM/yyyy HH:mm", row.Field("ReportedAt").Style.NumberFormat.Format);
            Assert.Equal(XLDataType.Number, row.Field("ReportedDateKey").DataType);
            Assert.Equal(expected.ReportedDateKey, (int)row.Field("ReportedDateKey").GetDouble());
            Assert.Equal(XLDataType.Boolean, row.Field("HasDifficulty").DataType);
            Assert.Equal(expected.HasDifficulty, row.Field("HasDifficulty").GetBoolean());
            Assert.Equal(expected.Summary ?? string.Empty, row.Field("Summary").GetString());
        }
    }

    [Fact]
    public void Kpi_values_read_back_equal_the_model()
    {
        using var workbook = new XLWorkbook(_file.Path);

        var read = workbook.Table("Kpi").DataRange.Rows().ToDictionary(r => r.Field("KpiKey").GetString(), r => r.Field("ThisPeriod").IsEmpty() ? (double?)null : r.Field("ThisPeriod").GetDouble());

        Assert.Equal(_file.Model.Kpis.Select(k => k.KpiKey), read.Keys);
        Assert.All(_file.Model.Kpis, k => Assert.Equal(k.ThisPeriod ?? double.NaN, read[k.KpiKey] ?? double.NaN, 12));
    }

    [Fact]
    public void The_overview_carries_a_native_bar_chart_placed_before_the_table_parts_with_cached_values()
    {
        using var document = SpreadsheetDocument.Open(_file.Path, false);
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Tổng quan");
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);

        var children = part.Worksheet.ChildElements.Select(e => e.LocalName).ToList();
        Assert.True(children.IndexOf("drawing") >= 0 && children.IndexOf("drawing") < children.IndexOf("tableParts"), string.Join(",", children));
        var chart = Assert.Single(part.DrawingsPart!.ChartParts);
        var frame = part.DrawingsPart.WorksheetDrawing.Descendants<Xdr.GraphicFrame>().Single();
        Assert.Equal("http://schemas.openxmlformats.org/drawingml/2006/chart", frame.Graphic!.GraphicData!.Uri!.Value);
        var cached = chart.ChartSpace.Descendants<DocumentFormat.OpenXml.Drawing.Charts.NumericPoint>().Select(p => double.Parse(p.NumericValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([1, 1, 0, 1, 1, 1, 1, 1], cached);
    }

    [Fact]
    public void No_personal_data_or_case_text_reaches_the_package()
    {
        var parts = _file.Parts();

        foreach (var marker in new[] { "Nguyễn Văn A", "0901234567", "Thủ tục khai sinh" })
        {
            Assert.DoesNotContain(parts, p => p.Value.Contains(marker, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_first_sheet_says_whether_the_report_is_provisional_and_names_the_window()
    {
        using var workbook = new XLWorkbook(_file.Path);
        var info = workbook.Table("ReportInfo").DataRange.Rows().ToDictionary(r => r.Field("Key").GetString(), r => r.Field("Value"));

        Assert.Equal("Chính thức", info["Status"].GetString());
        Assert.Equal("2022-Q1", info["PeriodId"].GetString());
        Assert.Equal(new DateTime(2021, 12, 15), info["WindowStart"].GetDateTime());
        Assert.Equal(["DenNgay", "KyBaoCao", "TuNgay"], workbook.NamedRanges.Select(n => n.Name).Order());
    }

    [Fact]
    public void Header_rows_are_frozen_on_every_sheet_with_a_table()
    {
        using var workbook = new XLWorkbook(_file.Path);

        Assert.All(workbook.Worksheets, ws => Assert.True(ws.SheetView.SplitRow >= 4, ws.Name));
    }
}
