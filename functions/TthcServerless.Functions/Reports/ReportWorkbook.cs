using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using TthcServerless.Domain;
using TthcServerless.Domain.Reports;

namespace TthcServerless.Functions.Reports;

/// <summary>What a workbook says about the run that wrote it.</summary>
internal sealed record WorkbookRun(string ReportId, int Version, string RunId);

/// <summary>
/// Writes a <see cref="ReportModel"/> as the report workbook (docs/reports.md): presentation sheets with Vietnamese
/// labels first, then model sheets whose Excel Tables form a star schema with stable English names, then the data
/// dictionary. Every number is a value (ClosedXML saves formulas without cached values, so Power BI and viewers would
/// see blanks); text is always written as text, never as a formula, whatever it starts with; widths are computed here
/// (AdjustToContents needs GDI+, absent on Linux); the chart is added after saving with the OpenXml SDK.
/// </summary>
internal static class ReportWorkbook
{
    public const int SchemaVersion = 1;
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string InfoSheet = "Thông tin";
    public const string OverviewSheet = "Tổng quan";
    public const string SectionSheet = "Theo mục";
    public const string RankingSheet = "Xếp hạng";
    public const string OverdueSheet = "Quá hạn";
    public const string NotReportedSheet = "Chưa báo cáo";
    public const string IssuesSheet = "Khó khăn - đề xuất";
    public const string PaknSheet = "PAKN";
    public const string UpcomingSheet = "Kỳ tới";
    public const string DictionarySheet = "Từ điển dữ liệu";

    private const string DateFormat = "dd/MM/yyyy";
    private const string DateTimeFormat = "dd/MM/yyyy HH:mm";
    private const string RateFormat = "0.0%";
    private const string PresentationTheme = "TableStyleMedium2";
    private const string ModelTheme = "TableStyleLight9";

    /// <summary>Writes the workbook to <paramref name="path"/> (a file: ClosedXML keeps the whole workbook in memory).</summary>
    public static void Write(ReportModel model, WorkbookRun run, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(run);
        var dictionary = new List<DictionaryEntry>();
        BarChartSpec chart;
        IReadOnlyList<StreamedRows> streamed;
        using (var workbook = new XLWorkbook(XLEventTracking.Disabled))
        {
            var writer = new Writer(workbook, dictionary);
            WriteInfo(writer, model, run);
            chart = WriteOverview(writer, model);
            WritePresentation(writer, model);
            WriteModel(writer, model);
            WriteDictionary(writer, dictionary);
            workbook.SaveAs(path);
            streamed = writer.Streamed;
        }

        // One opening of the package for both: each closing rewrites (and recompresses) the whole archive.
        using var document = SpreadsheetDocument.Open(path, isEditable: true);
        WorkbookRowStream.Append(document, streamed);
        WorkbookChart.AddBarChart(document, chart);
    }

    /// <summary>The Vietnamese file name a download offers: <c>bao-cao-kstthc-{planId}-{periodId}-v{n}.xlsx</c>.</summary>
    public static string FileName(string planId, string periodId, int version) => $"bao-cao-kstthc-{planId}-{periodId}-v{version}.xlsx";

    private static void WriteInfo(Writer writer, ReportModel model, WorkbookRun run)
    {
        var h = model.Header;
        var ws = writer.Sheet(InfoSheet);
        Writer.Title(ws, 1, "BÁO CÁO CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH", 14);
        Writer.Title(ws, 2, h.Provisional
            ? $"{h.Period.Label} — TẠM TÍNH: số liệu đến {Local(h.AsOf):dd/MM/yyyy HH:mm}, kỳ báo cáo chưa kết thúc"
            : $"{h.Period.Label} — Chính thức: số liệu đến hết ngày {h.AsOfDate:dd/MM/yyyy}", 11);
        var rows = new List<(string Key, string Label, object? Value)>
        {
            ("PlanId", "Mã kế hoạch", h.PlanId),
            ("PlanTitle", "Kế hoạch", h.PlanTitle),
            ("DecisionNumber", "Quyết định ban hành", h.DecisionNumber),
            ("DecisionDate", "Ngày ban hành", h.DecisionDate),
            ("PlanRevision", "Phiên bản kế hoạch", h.PlanRevision),
            ("Province", "Tỉnh", h.Province),
            ("PeriodId", "Kỳ báo cáo (mã)", h.Period.Id),
            ("PeriodLabel", "Kỳ báo cáo", h.Period.Label),
            ("WindowStart", "Từ ngày", h.Period.Start),
            ("WindowEnd", "Đến ngày", h.Period.End),
            ("AsOfDate", "Số liệu tính đến ngày", h.AsOfDate),
            ("Status", "Tình trạng", h.Provisional ? "Tạm tính (kỳ báo cáo chưa kết thúc)" : "Chính thức"),
            ("GeneratedAt", "Thời điểm lập (giờ Việt Nam)", h.GeneratedAt),
            ("ReportId", "Mã báo cáo", run.ReportId),
            ("Version", "Lần lập", run.Version.ToString(CultureInfo.InvariantCulture)),
            ("RunId", "Mã lượt chạy", run.RunId),
            ("InputFingerprint", "Dấu vân tay dữ liệu đầu vào", h.InputFingerprint),
            ("SchemaVersion", "Phiên bản cấu trúc sổ", SchemaVersion.ToString(CultureInfo.InvariantCulture)),
            ("Window", "Căn cứ kỳ báo cáo", "Nghị định 09/2019/NĐ-CP Điều 12: số liệu từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ (tỉnh có thể quy định khác)."),
            ("Standings", "Cách xác định tình trạng", "Đúng hạn: hoàn thành trước hoặc đúng thời hạn; trễ hạn: hoàn thành sau thời hạn; quá hạn: chưa hoàn thành khi đã qua thời hạn; nhiệm vụ thường xuyên: có hay chưa có báo cáo trong kỳ."),
            ("FeedbackLimits", "Thời hạn xử lý PAKN", "Theo ngày làm việc: từ chối 2 ngày, trả lời 15 ngày kể từ ngày tiếp nhận, công khai 2 ngày kể từ ngày trả lời (chỉ số 766)."),
            ("OutOfScope", "Ngoài phạm vi báo cáo", "Số liệu giải quyết hồ sơ TTHC (Biểu 06, 06a, 07a, II.07b) lấy từ Hệ thống thông tin giải quyết TTHC (một cửa), không có trong báo cáo này."),
        };
        var last = writer.Table(ws, 4, 1, new WorkbookTable<(string Key, string Label, object? Value)>("ReportInfo",
        [
            new("Key", "Khóa", ColumnType.Text, "Tên cố định của thông tin.", r => r.Key),
            new("Label", "Thông tin", ColumnType.Text, "Tên thông tin bằng tiếng Việt.", r => r.Label),
            new("Value", "Giá trị", ColumnType.Text, "Giá trị (ngày là ngày thật, định dạng dd/MM/yyyy).", r => r.Value),
        ], rows), PresentationTheme, mixedValues: true, wrap: ["Value"]);
        Name(ws, rows, "PeriodId", "KyBaoCao");
        Name(ws, rows, "WindowStart", "TuNgay");
        Name(ws, rows, "WindowEnd", "DenNgay");

        var linkRow = last + 2;
        ws.Cell(linkRow, 1).SetValue("Mục lục").Style.Font.Bold = true;
        foreach (var (sheet, i) in new[] { OverviewSheet, SectionSheet, RankingSheet, OverdueSheet, NotReportedSheet, IssuesSheet, PaknSheet, UpcomingSheet, DictionarySheet }.Select((s, i) => (s, i)))
        {
            var cell = ws.Cell(linkRow + 1 + i, 1);
            cell.SetValue(sheet);
            cell.Hyperlink = new XLHyperlink($"'{sheet}'!A1");
        }

        ws.Column(3).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        Writer.FitToWidth(ws);
    }

    private static void Name(IXLWorksheet ws, List<(string Key, string Label, object? Value)> rows, string key, string name) =>
        ws.Cell(6 + rows.FindIndex(r => r.Key == key), 3).AddToNamed(name, XLScope.Workbook);

    private static BarChartSpec WriteOverview(Writer writer, ReportModel model)
    {
        var h = model.Header;
        var ws = writer.Sheet(OverviewSheet);
        Writer.Title(ws, 1, $"TỔNG QUAN — {h.Period.Label.ToUpper(CultureInfo.GetCultureInfo("vi-VN"))}", 14);
        Writer.Title(ws, 2, $"So sánh với {h.PreviousPeriod.Label}. {(h.Provisional ? "Số liệu tạm tính." : "Số liệu chính thức.")}", 11);
        const int first = 4;
        writer.Table(ws, first, 1, new WorkbookTable<KpiRow>("Kpi",
        [
            new("KpiKey", "Mã chỉ tiêu", ColumnType.Text, "Tên cố định của chỉ tiêu.", k => k.KpiKey),
            new("Group", "Nhóm", ColumnType.Text, "Nhiệm vụ kế hoạch hoặc phản ánh, kiến nghị.", k => k.Group),
            new("Indicator", "Chỉ tiêu", ColumnType.Text, "Tên chỉ tiêu.", k => k.Indicator),
            new("ThisPeriod", "Kỳ này", ColumnType.Number, "Giá trị kỳ này (tỷ lệ là phân số 0–1).", k => k.ThisPeriod),
            new("PreviousPeriod", "Kỳ trước", ColumnType.Number, "Giá trị kỳ trước cùng loại.", k => k.PreviousPeriod),
            new("Change", "Chênh lệch", ColumnType.Number, "Kỳ này trừ kỳ trước.", k => k.Change),
        ], model.Kpis), PresentationTheme);
        // Rates are fractions; their cells get the percent format.
        for (var i = 0; i < model.Kpis.Count; i++)
        {
            if (model.Kpis[i].IsRate)
            {
                ws.Range(first + 2 + i, 4, first + 2 + i, 6).Style.NumberFormat.Format = RateFormat;
            }
        }

        ws.Cell(first + 2 + model.Kpis.Count + 1, 3).SetValue("Xem danh sách quá hạn").Hyperlink = new XLHyperlink($"'{OverdueSheet}'!A1");
        ws.Cell(first + 2 + model.Kpis.Count + 2, 3).SetValue("Xem phản ánh, kiến nghị").Hyperlink = new XLHyperlink($"'{PaknSheet}'!A1");
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        ws.PageSetup.FitToPages(1, 1);

        // The chart: the task standings (the rows after "assigned", up to the rate).
        var chartRows = model.Kpis.Select((k, i) => (k, i)).Where(x => x.k.Group == model.Kpis[0].Group && !x.k.IsRate && x.k.KpiKey != "assigned").ToList();
        var top = first + 2 + chartRows[0].i;
        var bottom = first + 2 + chartRows[^1].i;
        var sheet = $"'{OverviewSheet}'";
        return new BarChartSpec(OverviewSheet, $"Tình hình thực hiện nhiệm vụ — {h.Period.Label}", "Kỳ này", $"{sheet}!$D${first + 1}",
            $"{sheet}!$C${top}:$C${bottom}", $"{sheet}!$D${top}:$D${bottom}",
            [.. chartRows.Select(x => x.k.Indicator)], [.. chartRows.Select(x => x.k.ThisPeriod ?? 0)], (7, first - 1), (16, first + 20));
    }

    private static void WritePresentation(Writer writer, ReportModel model)
    {
        var h = model.Header;
        var ws = writer.Sheet(SectionSheet);
        Writer.Title(ws, 1, $"KẾT QUẢ THEO MỤC CỦA KẾ HOẠCH — {h.Period.Label}", 12);
        writer.Table(ws, 3, 1, new WorkbookTable<SectionRow>("BySection",
        [
            new("SectionKey", "Khóa mục", ColumnType.Text, "{planId}|{mục}.", s => s.SectionKey),
            new("SectionNumber", "Mục", ColumnType.Text, "Số mục La Mã.", s => s.SectionNumber),
            new("SectionTitle", "Tên mục", ColumnType.Text, "Tên mục trong kế hoạch.", s => s.SectionTitle),
            new("Tasks", "Số nhiệm vụ", ColumnType.Integer, "Số nhiệm vụ của mục.", s => s.Tasks),
            .. CountColumns<SectionRow>(s => s.Counts),
        ], model.BySection), PresentationTheme, dataBarColumn: "OnTimeRate");

        ws = writer.Sheet(RankingSheet);
        Writer.Title(ws, 1, $"XẾP HẠNG CƠ QUAN CHỦ TRÌ THEO TỶ LỆ HOÀN THÀNH ĐÚNG HẠN — {h.Period.Label}", 12);
        List<WorkbookColumn<AgencyRankRow>> rankingColumns =
        [
            new("Rank", "Hạng", ColumnType.Integer, "Theo tỷ lệ đúng hạn giảm dần, rồi số quá hạn tăng dần.", a => a.Rank == 0 ? null : a.Rank),
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã trong danh mục cơ quan.", a => a.AgencyKey),
            new("AgencyName", "Cơ quan", ColumnType.Text, "Tên cơ quan chủ trì.", a => a.AgencyName),
            new("Level", "Cấp", ColumnType.Text, "Cấp hành chính.", a => a.Level),
            new("Groups", "Nhóm", ColumnType.Text, "Các nhóm cơ quan.", a => a.Groups),
            new("DueInPeriod", "Đến hạn trong kỳ", ColumnType.Integer, "Lượt giao có thời hạn trong kỳ báo cáo.", a => a.DueInPeriod),
            .. CountColumns<AgencyRankRow>(a => a.Counts),
            new("AverageDaysOverdue", "Số ngày quá hạn bình quân", ColumnType.Number, "Bình quân số ngày quá hạn của các lượt quá hạn.", a => a.AverageDaysOverdue),
        ];
        var last = writer.Table(ws, 3, 1, new WorkbookTable<AgencyRankRow>("ByAgency", rankingColumns, model.ByAgency), PresentationTheme, dataBarColumn: "OnTimeRate");
        // The total is a value row under the table, so the table itself stays one row per agency for pivots.
        Writer.Values(ws, last + 1, 1, rankingColumns, model.AgencyTotal);
        ws.Row(last + 1).Style.Font.Bold = true;
        var overdueColumn = rankingColumns.FindIndex(c => c.Name == "Overdue") + 1;
        if (model.ByAgency.Count > 0)
        {
            ws.Range(5, overdueColumn, 4 + model.ByAgency.Count, overdueColumn).AddConditionalFormat()
                .IconSet(XLIconSetStyle.ThreeTrafficLights1, reverseIconOrder: true)
                .AddValue(XLCFIconSetOperator.EqualOrGreaterThan, 0, XLCFContentType.Number)
                .AddValue(XLCFIconSetOperator.EqualOrGreaterThan, 1, XLCFContentType.Number)
                .AddValue(XLCFIconSetOperator.EqualOrGreaterThan, 3, XLCFContentType.Number);
        }

        ws = writer.Sheet(OverdueSheet);
        Writer.Title(ws, 1, $"NHIỆM VỤ QUÁ HẠN ĐẾN NGÀY {h.AsOfDate:dd/MM/yyyy}", 12);
        var overdue = model.Overdue.Select((o, i) => (No: i + 1, Row: o)).ToList();
        writer.Table(ws, 3, 1, new WorkbookTable<(int No, OverdueRow Row)>("Overdue",
        [
            new("No", "STT", ColumnType.Integer, "Số thứ tự.", o => o.No),
            new("SectionNumber", "Mục", ColumnType.Text, "Mục của nhiệm vụ.", o => o.Row.SectionNumber),
            new("TaskId", "Mã NV", ColumnType.Text, "Mã nhiệm vụ trong kế hoạch.", o => o.Row.TaskId),
            new("Content", "Nội dung", ColumnType.Text, $"Nội dung nhiệm vụ (tối đa {PeriodicReport.ContentLength} ký tự).", o => o.Row.Content),
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã cơ quan chủ trì.", o => o.Row.AgencyKey),
            new("AgencyName", "Cơ quan chủ trì", ColumnType.Text, "Tên cơ quan chủ trì.", o => o.Row.AgencyName),
            new("DueDate", "Thời hạn", ColumnType.Date, "Thời hạn của lượt giao.", o => o.Row.DueDate),
            new("DaysOverdue", "Số ngày quá hạn", ColumnType.Integer, "Số ngày từ thời hạn đến ngày tính số liệu.", o => o.Row.DaysOverdue),
            new("ProgressPercent", "Tiến độ %", ColumnType.Integer, "Tiến độ theo báo cáo gần nhất.", o => o.Row.ProgressPercent),
            new("LastReportedAt", "Cập nhật gần nhất", ColumnType.DateTime, "Thời điểm báo cáo gần nhất (giờ Việt Nam).", o => o.Row.LastReportedAt),
            new("LastDifficulty", "Khó khăn gần nhất", ColumnType.Text, "Khó khăn, vướng mắc báo cáo gần nhất.", o => o.Row.LastDifficulty),
        ], overdue), PresentationTheme, wrap: ["Content", "LastDifficulty"]);
        if (overdue.Count > 0)
        {
            ws.Range(5, 8, 4 + overdue.Count, 8).AddConditionalFormat().WhenGreaterThan(30).Fill.SetBackgroundColor(XLColor.FromHtml("#F8CBAD"));
        }

        ws = writer.Sheet(NotReportedSheet);
        Writer.Title(ws, 1, $"NHIỆM VỤ THƯỜNG XUYÊN, ĐỊNH KỲ CHƯA BÁO CÁO — {h.Period.Label}", 12);
        writer.Table(ws, 3, 1, new WorkbookTable<NotReportedRow>("NotReported",
        [
            new("TaskId", "Mã NV", ColumnType.Text, "Mã nhiệm vụ.", r => r.TaskId),
            new("Content", "Nội dung", ColumnType.Text, "Nội dung nhiệm vụ.", r => r.Content),
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã cơ quan chủ trì.", r => r.AgencyKey),
            new("AgencyName", "Cơ quan", ColumnType.Text, "Tên cơ quan chủ trì.", r => r.AgencyName),
            new("Cadence", "Chu kỳ", ColumnType.Text, "Chu kỳ báo cáo của nhiệm vụ.", r => r.Cadence),
            new("CadencePeriodId", "Kỳ", ColumnType.Text, "Kỳ (theo chu kỳ) chứa ngày tính số liệu.", r => r.CadencePeriodId),
            new("LastReportedAt", "Lần báo cáo gần nhất", ColumnType.DateTime, "Thời điểm báo cáo gần nhất (giờ Việt Nam).", r => r.LastReportedAt),
        ], model.NotReported), PresentationTheme, wrap: ["Content"]);

        ws = writer.Sheet(IssuesSheet);
        Writer.Title(ws, 1, $"KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ — {h.Period.Label}", 12);
        writer.Table(ws, 3, 1, new WorkbookTable<IssueRow>("Issues",
        [
            new("ReportedAt", "Ngày báo cáo", ColumnType.DateTime, "Thời điểm báo cáo (giờ Việt Nam).", r => r.ReportedAt),
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã cơ quan báo cáo.", r => r.AgencyKey),
            new("AgencyName", "Cơ quan", ColumnType.Text, "Tên cơ quan báo cáo.", r => r.AgencyName),
            new("TaskId", "Mã NV", ColumnType.Text, "Mã nhiệm vụ.", r => r.TaskId),
            new("Difficulties", "Khó khăn vướng mắc", ColumnType.Text, "Như cơ quan báo cáo.", r => r.Difficulties),
            new("Proposals", "Đề xuất kiến nghị", ColumnType.Text, "Như cơ quan báo cáo.", r => r.Proposals),
            new("Status", "Trạng thái", ColumnType.Text, "Trạng thái cơ quan báo cáo.", r => r.StatusLabel),
        ], model.Issues), PresentationTheme, wrap: ["Difficulties", "Proposals"]);

        WritePakn(writer, model);

        ws = writer.Sheet(UpcomingSheet);
        Writer.Title(ws, 1, $"NHIỆM VỤ ĐẾN HẠN KỲ TỚI — {h.NextPeriod.Label} ({h.NextPeriod.Start:dd/MM/yyyy}–{h.NextPeriod.End:dd/MM/yyyy})", 12);
        writer.Table(ws, 3, 1, new WorkbookTable<UpcomingRow>("Upcoming",
        [
            new("TaskId", "Mã NV", ColumnType.Text, "Mã nhiệm vụ.", r => r.TaskId),
            new("Content", "Nội dung", ColumnType.Text, "Nội dung nhiệm vụ.", r => r.Content),
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã cơ quan chủ trì.", r => r.AgencyKey),
            new("AgencyName", "Cơ quan", ColumnType.Text, "Tên cơ quan chủ trì.", r => r.AgencyName),
            new("DueDate", "Thời hạn", ColumnType.Date, "Thời hạn của lượt giao.", r => r.DueDate),
        ], model.Upcoming), PresentationTheme, wrap: ["Content"]);
    }

    private static void WritePakn(Writer writer, ReportModel model)
    {
        var ws = writer.Sheet(PaknSheet);
        var pakn = model.Pakn;
        Writer.Title(ws, 1, $"TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ — {model.Header.Period.Label} (theo chỉ số 766)", 12);
        Writer.Title(ws, 3, "a) Theo bước xử lý tại ngày tính số liệu", 11);
        var row = writer.Table(ws, 4, 1, new WorkbookTable<PaknStageRow>("PaknByStage",
        [
            new("StageKey", "Mã bước", ColumnType.Text, "Tên cố định của bước.", s => s.StageKey),
            new("Stage", "Bước", ColumnType.Text, "Tên bước.", s => s.StageLabel),
            new("Cases", "Số lượng", ColumnType.Integer, "Số PAKN đang ở bước này.", s => s.Cases),
        ], pakn.ByStage), PresentationTheme);

        var r = pakn.Result;
        var results = new List<(string Key, string Label, double? Value, bool Rate)>
        {
            ("received", "Tiếp nhận trong kỳ", r.ReceivedInPeriod, false),
            ("carried-over", "Từ kỳ trước chuyển sang", r.CarriedOver, false),
            ("refused-on-time", "Từ chối đúng hạn (≤ 2 ngày làm việc)", r.RefusedOnTime, false),
            ("refused-late", "Từ chối trễ hạn", r.RefusedLate, false),
            ("answered-on-time", "Đã trả lời đúng hạn", r.AnsweredOnTime, false),
            ("answered-late", "Đã trả lời trễ hạn", r.AnsweredLate, false),
            ("published-on-time", "Đã công khai đúng hạn", r.PublishedOnTime, false),
            ("published-late", "Đã công khai trễ hạn", r.PublishedLate, false),
            ("open-within", "Đang xử lý trong hạn", r.OpenWithinDeadline, false),
            ("open-past", "Đang xử lý quá hạn", r.OpenPastDeadline, false),
            ("awaiting-information", "Chờ bổ sung thông tin", r.AwaitingInformation, false),
            ("answer-on-time-rate", "Tỷ lệ trả lời đúng hạn", r.AnswerOnTimeRate, true),
        };
        Writer.Title(ws, row + 2, "b) Theo kết quả xử lý trong kỳ", 11);
        var top = row + 3;
        row = writer.Table(ws, top, 1, new WorkbookTable<(string Key, string Label, double? Value, bool Rate)>("PaknResult",
        [
            new("ResultKey", "Mã chỉ tiêu", ColumnType.Text, "Tên cố định của chỉ tiêu.", x => x.Key),
            new("Indicator", "Chỉ tiêu", ColumnType.Text, "Tên chỉ tiêu.", x => x.Label),
            new("Cases", "Số lượng", ColumnType.Number, "Số PAKN (tỷ lệ là phân số 0–1).", x => x.Value),
        ], results), PresentationTheme);
        ws.Cell(top + 2 + results.Count - 1, 3).Style.NumberFormat.Format = RateFormat;

        Writer.Title(ws, row + 2, "c) Theo cơ quan được giao xử lý", 11);
        row = writer.Table(ws, row + 3, 1, new WorkbookTable<PaknAgencyRow>("PaknByAgency",
        [
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã cơ quan được giao.", a => a.AgencyKey),
            new("AgencyName", "Cơ quan", ColumnType.Text, "Tên cơ quan được giao.", a => a.AgencyName),
            new("Assigned", "Được giao", ColumnType.Integer, "PAKN của kỳ đang giao cho cơ quan.", a => a.Assigned),
            new("AnsweredOnTime", "Trả lời đúng hạn", ColumnType.Integer, "Trả lời trong kỳ, đúng hạn.", a => a.AnsweredOnTime),
            new("AnsweredLate", "Trả lời trễ hạn", ColumnType.Integer, "Trả lời trong kỳ, trễ hạn.", a => a.AnsweredLate),
            new("OpenWithinDeadline", "Đang xử lý trong hạn", ColumnType.Integer, "Chưa trả lời, còn hạn.", a => a.OpenWithinDeadline),
            new("OpenPastDeadline", "Đang xử lý quá hạn", ColumnType.Integer, "Chưa trả lời, đã quá hạn.", a => a.OpenPastDeadline),
            new("AnswerOnTimeRate", "Tỷ lệ đúng hạn", ColumnType.Rate, "Trả lời đúng hạn / đã trả lời.", a => a.AnswerOnTimeRate),
        ], pakn.ByAgency), PresentationTheme, dataBarColumn: "AnswerOnTimeRate");

        Writer.Title(ws, row + 2, "d) Theo nội dung, loại và kênh tiếp nhận", 11);
        writer.Table(ws, row + 3, 1, new WorkbookTable<PaknTopicRow>("PaknByTopic",
        [
            new("Dimension", "Tiêu chí", ColumnType.Text, "topic (nội dung), kind (loại), channel (kênh).", t => t.Dimension),
            new("Key", "Mã", ColumnType.Text, "Giá trị cố định.", t => t.Key),
            new("Label", "Giá trị", ColumnType.Text, "Tên giá trị.", t => t.Label),
            new("Cases", "Số lượng", ColumnType.Integer, "Số PAKN của kỳ.", t => t.Cases),
        ], pakn.ByTopic), PresentationTheme);
    }

    private static void WriteModel(Writer writer, ReportModel model)
    {
        var f = model.Facts;
        writer.ModelSheet("Dữ liệu - Phân công", new WorkbookTable<FactAssignmentRow>("FactAssignment",
        [
            new("ReportPeriodKey", "Kỳ báo cáo", ColumnType.Text, "Mã kỳ của báo cáo (DimPeriod).", r => r.ReportPeriodKey),
            new("AsOfDate", "Ngày tính số liệu", ColumnType.Date, "Ngày số liệu được tính đến.", r => r.AsOfDate),
            new("PlanKey", "Kế hoạch", ColumnType.Text, "Mã kế hoạch.", r => r.PlanKey),
            new("TaskKey", "Nhiệm vụ", ColumnType.Text, "{planId}|{taskId} (DimTask).", r => r.TaskKey),
            new("SectionKey", "Mục", ColumnType.Text, "{planId}|{mục} (DimSection).", r => r.SectionKey),
            new("AgencyKey", "Cơ quan", ColumnType.Text, "Mã cơ quan (DimAgency).", r => r.AgencyKey),
            new("IsLead", "Chủ trì", ColumnType.Boolean, "Lượt giao cho cơ quan chủ trì.", r => r.IsLead),
            new("TimeframeKind", "Loại thời hạn", ColumnType.Text, "deadline, window, recurring, event-driven, unscheduled.", r => r.TimeframeKind),
            new("DueDate", "Thời hạn", ColumnType.Date, "Thời hạn của lượt giao.", r => r.DueDate),
            new("DueDateKey", "Khóa ngày thời hạn", ColumnType.Integer, "yyyymmdd (DimDate).", r => r.DueDateKey),
            new("StandingKey", "Tình trạng", ColumnType.Text, "DimStanding.", r => r.StandingKey),
            new("ProgressPercent", "Tiến độ %", ColumnType.Integer, "Theo báo cáo gần nhất.", r => r.ProgressPercent),
            new("CompletedOn", "Ngày hoàn thành", ColumnType.Date, "Theo báo cáo gần nhất.", r => r.CompletedOn),
            new("DaysOverdue", "Số ngày quá hạn", ColumnType.Integer, "Quá hạn: đến ngày tính số liệu; trễ hạn: đến ngày hoàn thành.", r => r.DaysOverdue),
            new("ReportedThisPeriod", "Có báo cáo trong kỳ", ColumnType.Boolean, "Có ít nhất một báo cáo trong kỳ.", r => r.ReportedThisPeriod),
            new("LastReportedAt", "Báo cáo gần nhất", ColumnType.DateTime, "Giờ Việt Nam.", r => r.LastReportedAt),
            new("OutputDocumentNumber", "Số văn bản", ColumnType.Text, "Số, ký hiệu văn bản kết quả.", r => r.OutputDocumentNumber),
            new("OutputDocumentDate", "Ngày văn bản", ColumnType.Date, "Ngày văn bản kết quả.", r => r.OutputDocumentDate),
        ], f.Assignments));
        writer.ModelSheet("Dữ liệu - Cập nhật", new WorkbookTable<FactTaskUpdateRow>("FactTaskUpdate",
        [
            new("ReportPeriodKey", "Kỳ báo cáo", ColumnType.Text, "Mã kỳ của báo cáo.", r => r.ReportPeriodKey),
            new("AsOfDate", "Ngày tính số liệu", ColumnType.Date, "Ngày số liệu được tính đến.", r => r.AsOfDate),
            new("UpdateId", "Mã báo cáo tiến độ", ColumnType.Text, "Mã duy nhất của lượt báo cáo.", r => r.UpdateId),
            new("ReportedAt", "Thời điểm báo cáo", ColumnType.DateTime, "Giờ Việt Nam.", r => r.ReportedAt),
            new("ReportedDateKey", "Khóa ngày báo cáo", ColumnType.Integer, "yyyymmdd (DimDate).", r => r.ReportedDateKey),
            new("PeriodKey", "Kỳ được báo cáo", ColumnType.Text, "Kỳ mà lượt báo cáo nói về.", r => r.PeriodKey),
            new("TaskKey", "Nhiệm vụ", ColumnType.Text, "DimTask.", r => r.TaskKey),
            new("AgencyKey", "Cơ quan", ColumnType.Text, "DimAgency.", r => r.AgencyKey),
            new("Status", "Trạng thái", ColumnType.Text, "not-started, in-progress, completed.", r => r.Status),
            new("ProgressPercent", "Tiến độ %", ColumnType.Integer, "Tiến độ báo cáo.", r => r.ProgressPercent),
            new("CompletedOn", "Ngày hoàn thành", ColumnType.Date, "Ngày hoàn thành báo cáo.", r => r.CompletedOn),
            new("HasDifficulty", "Có khó khăn", ColumnType.Boolean, "Có nêu khó khăn, vướng mắc.", r => r.HasDifficulty),
            new("HasProposal", "Có đề xuất", ColumnType.Boolean, "Có nêu đề xuất, kiến nghị.", r => r.HasProposal),
            new("Difficulties", "Khó khăn vướng mắc", ColumnType.Text, "Như cơ quan báo cáo.", r => r.Difficulties),
            new("Proposals", "Đề xuất kiến nghị", ColumnType.Text, "Như cơ quan báo cáo.", r => r.Proposals),
            new("Summary", "Tóm tắt kết quả", ColumnType.Text, "Như cơ quan báo cáo.", r => r.Summary),
        ], f.TaskUpdates));
        writer.ModelSheet("Dữ liệu - PAKN", new WorkbookTable<FactFeedbackRow>("FactFeedback",
        [
            new("ReportPeriodKey", "Kỳ báo cáo", ColumnType.Text, "Mã kỳ của báo cáo.", r => r.ReportPeriodKey),
            new("AsOfDate", "Ngày tính số liệu", ColumnType.Date, "Ngày số liệu được tính đến.", r => r.AsOfDate),
            new("CaseKey", "Mã tra cứu", ColumnType.Text, "Mã tra cứu PAKN (không có thông tin cá nhân).", r => r.CaseKey),
            new("KindKey", "Loại", ColumnType.Text, "phan-anh, kien-nghi.", r => r.KindKey),
            new("TopicKey", "Nội dung", ColumnType.Text, "regulation, official-conduct (khi đã phân loại).", r => r.TopicKey),
            new("ChannelKey", "Kênh", ColumnType.Text, "web, national-portal, email, phone, letter, in-person.", r => r.ChannelKey),
            new("SubmitterType", "Đối tượng", ColumnType.Text, "individual, organisation.", r => r.SubmitterType),
            new("SubmittedOn", "Ngày gửi", ColumnType.Date, "Ngày PAKN đến hệ thống.", r => r.SubmittedOn),
            new("ClockStartedOn", "Ngày bắt đầu tính hạn", ColumnType.Date, "Ngày gửi, hoặc ngày nhận thông tin bổ sung.", r => r.ClockStartedOn),
            new("StageKey", "Bước", ColumnType.Text, "DimFeedbackStage, tại ngày tính số liệu.", r => r.StageKey),
            new("AgencyKey", "Cơ quan xử lý", ColumnType.Text, "DimAgency.", r => r.AgencyKey),
            new("ClassifyBy", "Hạn phân loại", ColumnType.Date, "Ngày bắt đầu tính hạn + 2 ngày làm việc.", r => r.ClassifyBy),
            new("AnswerBy", "Hạn trả lời", ColumnType.Date, "Ngày bắt đầu tính hạn + 15 ngày làm việc.", r => r.AnswerBy),
            new("AnsweredOn", "Ngày trả lời", ColumnType.Date, "Ngày có kết quả trả lời.", r => r.AnsweredOn),
            new("PublishBy", "Hạn công khai", ColumnType.Date, "Ngày trả lời + 2 ngày làm việc.", r => r.PublishBy),
            new("PublishedOn", "Ngày công khai", ColumnType.Date, "Ngày công khai kết quả.", r => r.PublishedOn),
            new("IsRefused", "Từ chối", ColumnType.Boolean, "Không thuộc phạm vi xử lý.", r => r.IsRefused),
            new("RefusedOnTime", "Từ chối đúng hạn", ColumnType.Boolean, "Từ chối trong hạn phân loại.", r => r.RefusedOnTime),
            new("AnsweredOnTime", "Trả lời đúng hạn", ColumnType.Boolean, "Trả lời trong hạn.", r => r.AnsweredOnTime),
            new("PublishedOnTime", "Công khai đúng hạn", ColumnType.Boolean, "Công khai trong hạn.", r => r.PublishedOnTime),
            new("PendingOverdue", "Đang quá hạn", ColumnType.Boolean, "Chưa xong và đã quá hạn tại ngày tính số liệu.", r => r.PendingOverdue),
            new("WorkingDaysOpen", "Số ngày làm việc", ColumnType.Integer, "Từ ngày bắt đầu tính hạn đến khi kết thúc hoặc ngày tính số liệu.", r => r.WorkingDaysOpen),
        ], f.Feedback));
        writer.ModelSheet("Dữ liệu - Cơ quan", new WorkbookTable<DimAgencyRow>("DimAgency",
        [
            new("AgencyKey", "Mã cơ quan", ColumnType.Text, "Mã trong danh mục.", r => r.AgencyKey),
            new("Name", "Tên cơ quan", ColumnType.Text, "Tên đầy đủ.", r => r.Name),
            new("LevelKey", "Cấp", ColumnType.Text, "Mã cấp hành chính.", r => r.LevelKey),
            new("Kind", "Loại", ColumnType.Text, "Loại cơ quan (so, ubnd, …).", r => r.Kind),
            new("ParentKey", "Cơ quan cấp trên", ColumnType.Text, "Mã cơ quan cấp trên.", r => r.ParentKey),
            new("Groups", "Nhóm", ColumnType.Text, "Mã các nhóm, cách nhau bởi dấu phẩy.", r => r.Groups),
        ], f.Agencies));
        writer.ModelSheet("Dữ liệu - Nhiệm vụ", new WorkbookTable<DimTaskRow>("DimTask",
        [
            new("TaskKey", "Khóa nhiệm vụ", ColumnType.Text, "{planId}|{taskId}.", r => r.TaskKey),
            new("PlanKey", "Kế hoạch", ColumnType.Text, "Mã kế hoạch.", r => r.PlanKey),
            new("SectionKey", "Mục", ColumnType.Text, "DimSection.", r => r.SectionKey),
            new("TaskNumber", "Số thứ tự", ColumnType.Integer, "Số thứ tự trong mục.", r => r.TaskNumber),
            new("SortKey", "Khóa sắp xếp", ColumnType.Text, "Thứ tự trong kế hoạch.", r => r.SortKey),
            new("Content", "Nội dung", ColumnType.Text, "Nội dung nhiệm vụ.", r => r.Content),
            new("ExpectedOutput", "Sản phẩm", ColumnType.Text, "Sản phẩm dự kiến.", r => r.ExpectedOutput),
            new("TimeframeText", "Thời gian thực hiện", ColumnType.Text, "Như kế hoạch ghi.", r => r.TimeframeText),
            new("TimeframeKind", "Loại thời hạn", ColumnType.Text, "deadline, window, recurring, event-driven, unscheduled.", r => r.TimeframeKind),
            new("Recurrence", "Chu kỳ", ColumnType.Text, "Chu kỳ của nhiệm vụ thường xuyên.", r => r.Recurrence),
        ], f.Tasks));
        writer.ModelSheet("Dữ liệu - Mục", new WorkbookTable<DimSectionRow>("DimSection",
        [
            new("SectionKey", "Khóa mục", ColumnType.Text, "{planId}|{mục}.", r => r.SectionKey),
            new("SectionNumber", "Mục", ColumnType.Text, "Số mục.", r => r.SectionNumber),
            new("SectionTitle", "Tên mục", ColumnType.Text, "Tên mục.", r => r.SectionTitle),
            new("SortOrder", "Thứ tự", ColumnType.Integer, "Thứ tự trong kế hoạch.", r => r.SortOrder),
        ], f.Sections));
        writer.ModelSheet("Dữ liệu - Tình trạng", new WorkbookTable<DimStandingRow>("DimStanding",
        [
            new("StandingKey", "Mã tình trạng", ColumnType.Text, "Tên cố định.", r => r.StandingKey),
            new("LabelVi", "Tình trạng", ColumnType.Text, "Tên tiếng Việt.", r => r.LabelVi),
            new("SortOrder", "Thứ tự", ColumnType.Integer, "Thứ tự hiển thị.", r => r.SortOrder),
            new("IsDone", "Đã xong", ColumnType.Boolean, "Hoàn thành hoặc đã báo cáo kỳ này.", r => r.IsDone),
            new("IsLate", "Chậm", ColumnType.Boolean, "Trễ hạn, quá hạn hoặc chưa báo cáo.", r => r.IsLate),
        ], f.Standings));
        writer.ModelSheet("Dữ liệu - Bước PAKN", new WorkbookTable<DimFeedbackStageRow>("DimFeedbackStage",
        [
            new("StageKey", "Mã bước", ColumnType.Text, "Tên cố định.", r => r.StageKey),
            new("LabelVi", "Bước", ColumnType.Text, "Tên tiếng Việt.", r => r.LabelVi),
            new("IsOpen", "Chưa kết thúc", ColumnType.Boolean, "Bước chưa kết thúc.", r => r.IsOpen),
            new("SortOrder", "Thứ tự", ColumnType.Integer, "Thứ tự của quy trình.", r => r.SortOrder),
        ], f.FeedbackStages));
        writer.ModelSheet("Dữ liệu - Kỳ", new WorkbookTable<DimPeriodRow>("DimPeriod",
        [
            new("PeriodKey", "Mã kỳ", ColumnType.Text, "2022-03, 2022-Q1, 2022-H1, 2022-9M, 2022.", r => r.PeriodKey),
            new("Kind", "Loại kỳ", ColumnType.Text, "month, quarter, half-year, nine-months, year.", r => r.Kind),
            new("LabelVi", "Kỳ", ColumnType.Text, "Tên kỳ.", r => r.LabelVi),
            new("WindowStart", "Từ ngày", ColumnType.Date, "Ngày đầu của kỳ số liệu.", r => r.WindowStart),
            new("WindowEnd", "Đến ngày", ColumnType.Date, "Ngày cuối của kỳ số liệu.", r => r.WindowEnd),
        ], f.Periods));
        writer.ModelSheet("Dữ liệu - Ngày", new WorkbookTable<DimDateRow>("DimDate",
        [
            new("Date", "Ngày", ColumnType.Date, "Ngày dương lịch.", r => r.Date),
            new("DateKey", "Khóa ngày", ColumnType.Integer, "yyyymmdd.", r => r.DateKey),
            new("Year", "Năm", ColumnType.Integer, "Năm.", r => r.Year),
            new("Quarter", "Quý", ColumnType.Integer, "Quý dương lịch.", r => r.Quarter),
            new("Month", "Tháng", ColumnType.Integer, "Tháng.", r => r.Month),
            new("MonthLabelVi", "Tên tháng", ColumnType.Text, "Tháng mm/yyyy.", r => r.MonthLabelVi),
            new("IsWorkingDay", "Ngày làm việc", ColumnType.Boolean, "Theo lịch làm việc của cơ quan nhà nước (trống: năm chưa có lịch).", r => r.IsWorkingDay),
            new("HolidayName", "Ngày nghỉ", ColumnType.Text, "Tên ngày lễ, Tết, nghỉ bù.", r => r.HolidayName),
        ], f.Dates));
    }

    private static void WriteDictionary(Writer writer, List<DictionaryEntry> dictionary)
    {
        var entries = dictionary.ToList();
        var columns = new List<WorkbookColumn<DictionaryEntry>>
        {
            new("TableName", "Bảng", ColumnType.Text, "Tên bảng (Excel Table).", d => d.TableName),
            new("ColumnName", "Cột", ColumnType.Text, "Tên cột (cố định, tiếng Anh).", d => d.ColumnName),
            new("LabelVi", "Nhãn tiếng Việt", ColumnType.Text, "Nhãn hiển thị.", d => d.LabelVi),
            new("Type", "Kiểu", ColumnType.Text, "text, integer, number, rate, date, datetime, boolean.", d => d.Type),
            new("Description", "Ý nghĩa", ColumnType.Text, "Giải thích.", d => d.Description),
        };
        entries.AddRange(columns.Select(c => new DictionaryEntry("DataDictionary", c.Name, c.LabelVi, TypeName(c.Type), c.Description)));
        var ws = writer.Sheet(DictionarySheet);
        Writer.Title(ws, 1, "TỪ ĐIỂN DỮ LIỆU: mọi bảng, mọi cột và nhãn tiếng Việt", 12);
        writer.Table(ws, 3, 1, new WorkbookTable<DictionaryEntry>("DataDictionary", columns, entries), ModelTheme, record: false);
    }

    internal static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Text => "text",
        ColumnType.Integer => "integer",
        ColumnType.Number => "number",
        ColumnType.Rate => "rate",
        ColumnType.Date => "date",
        ColumnType.DateTime => "datetime",
        _ => "boolean",
    };

    private static IEnumerable<WorkbookColumn<T>> CountColumns<T>(Func<T, StandingCounts> counts) =>
    [
        new("Assignments", "Số lượt giao", ColumnType.Integer, "Lượt giao cho cơ quan chủ trì.", x => counts(x).Assignments),
        new("CompletedOnTime", "Hoàn thành đúng hạn", ColumnType.Integer, "Hoàn thành trước hoặc đúng thời hạn.", x => counts(x).CompletedOnTime),
        new("CompletedLate", "Hoàn thành trễ hạn", ColumnType.Integer, "Hoàn thành sau thời hạn.", x => counts(x).CompletedLate),
        new("CompletedUndated", "Đã hoàn thành (không thời hạn)", ColumnType.Integer, "Hoàn thành, nhiệm vụ không có thời hạn.", x => counts(x).CompletedUndated),
        new("InProgress", "Đang thực hiện", ColumnType.Integer, "Chưa đến hạn, đang thực hiện.", x => counts(x).InProgress),
        new("NotStarted", "Chưa thực hiện", ColumnType.Integer, "Chưa đến hạn, chưa thực hiện.", x => counts(x).NotStarted),
        new("Overdue", "Quá hạn", ColumnType.Integer, "Đã qua thời hạn, chưa hoàn thành.", x => counts(x).Overdue),
        new("RecurringReported", "Thường xuyên - đã báo cáo", ColumnType.Integer, "Nhiệm vụ thường xuyên đã báo cáo kỳ này.", x => counts(x).RecurringReported),
        new("RecurringNotReported", "Thường xuyên - chưa báo cáo", ColumnType.Integer, "Nhiệm vụ thường xuyên chưa báo cáo kỳ này.", x => counts(x).RecurringNotReported),
        new("OnTimeRate", "Tỷ lệ đúng hạn", ColumnType.Rate, "Đúng hạn / (đúng hạn + trễ hạn + quá hạn).", x => counts(x).OnTimeRate),
    ];

    /// <summary>Writes text as a string cell, never as a formula (see <see cref="Writer"/>).</summary>
    internal static int PutText(IXLCell cell, string text) => Writer.PutText(cell, text);

    internal static DateTime Local(DateTimeOffset instant) => instant.ToOffset(VietnamTime.Offset).DateTime;

    /// <summary>What a value that is not a number, date or flag reads as.</summary>
    internal static string TextOf(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Writes cells and tables of one workbook, recording every table column for the data dictionary.</summary>
    private sealed class Writer(XLWorkbook workbook, List<DictionaryEntry> dictionary)
    {
        private readonly HashSet<string> _tableNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<StreamedRows> _streamed = [];

        /// <summary>The model tables' rows after their first, written straight into the saved package (<see cref="WorkbookRowStream"/>).</summary>
        public IReadOnlyList<StreamedRows> Streamed => _streamed;

        public IXLWorksheet Sheet(string name)
        {
            var ws = workbook.Worksheets.Add(name);
            FitToWidth(ws);
            return ws;
        }

        /// <summary>Landscape, one page wide (else a PDF or a print runs to dozens of pages).</summary>
        public static void FitToWidth(IXLWorksheet ws)
        {
            ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
            ws.PageSetup.FitToPages(1, 0);
        }

        public static void Title(IXLWorksheet ws, int row, string text, double size)
        {
            var cell = ws.Cell(row, 1);
            Put(cell, ColumnType.Text, text);
            cell.Style.Font.Bold = true;
            cell.Style.Font.FontSize = size;
            // A large title in a default-height row loses its upper diacritics in LibreOffice.
            ws.Row(row).Height = size * 1.9;
        }

        public void ModelSheet<T>(string sheetName, WorkbookTable<T> table)
        {
            var ws = Sheet(sheetName);
            Title(ws, 1, $"{sheetName} (bảng {table.Name})", 11);
            Table(ws, 3, 1, table, ModelTheme, streamAfterFirstRow: true);
        }

        /// <summary>
        /// Writes a Vietnamese label row at <paramref name="row"/>, the table's English header below it and the rows,
        /// then makes it an Excel Table. Returns the last row used.
        /// </summary>
        public int Table<T>(IXLWorksheet ws, int row, int column, WorkbookTable<T> table, string theme, bool mixedValues = false,
            string? dataBarColumn = null, IReadOnlyCollection<string>? wrap = null, bool record = true, bool streamAfterFirstRow = false)
        {
            if (!_tableNames.Add(table.Name))
            {
                throw new InvalidOperationException($"Table name '{table.Name}' is used twice in the workbook.");
            }

            var header = row + 1;
            var widths = new int[table.Columns.Count];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var col = table.Columns[c];
                var label = ws.Cell(row, column + c);
                Put(label, ColumnType.Text, col.LabelVi);
                label.Style.Font.Italic = true;
                label.Style.Font.Bold = true;
                label.Style.Alignment.WrapText = true;
                Put(ws.Cell(header, column + c), ColumnType.Text, col.Name);
                widths[c] = Math.Max(col.Name.Length, Math.Min(col.LabelVi.Length, 24));
                if (record)
                {
                    dictionary.Add(new DictionaryEntry(table.Name, col.Name, col.LabelVi, TypeName(col.Type), col.Description));
                }
            }

            ws.Row(row).Height = 30;
            var r = header;
            // A model table of 70,000 rows is 1.4 million cells: in ClosedXML's memory, then again as the OpenXml DOM it
            // saves, over a gigabyte (docs/performance.md). ClosedXML writes its first row (which fixes each column's
            // style); the rest go straight into the saved sheet, and only their widths are measured here.
            var written = streamAfterFirstRow ? table.Rows.Take(1) : table.Rows;
            if (streamAfterFirstRow && table.Rows.Count > 1)
            {
                foreach (var item in table.Rows.Skip(1))
                {
                    for (var c = 0; c < table.Columns.Count; c++)
                    {
                        widths[c] = Math.Max(widths[c], DisplayLength(table.Columns[c].Type, table.Columns[c].Value(item)));
                    }
                }

                _streamed.Add(new StreamedRows(ws.Name, table.Name, header + 2, column, [.. table.Columns.Select(c => c.Type)], table.Rows.Count - 1,
                    table.Rows.Skip(1).Select(item => table.Columns.Select(c => c.Value(item)).ToArray())));
            }

            foreach (var item in written)
            {
                r++;
                var lines = 1;
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var value = table.Columns[c].Value(item);
                    var type = mixedValues ? TypeOf(value) : table.Columns[c].Type;
                    var length = Put(ws.Cell(r, column + c), type, value);
                    if (length > widths[c])
                    {
                        widths[c] = length;
                    }

                    if (wrap?.Contains(table.Columns[c].Name) == true && value is string text)
                    {
                        lines = Math.Max(lines, WrappedLines(text, WorkbookColumn<T>.MaxWidth));
                    }
                }

                // Viewers do not size wrapped rows themselves (LibreOffice draws the lines over the next row).
                if (lines > 1)
                {
                    ws.Row(r).Height = Math.Min(409, 15 * lines);
                }
            }

            // An Excel Table needs a data row; an empty list leaves one empty row.
            var styled = Math.Max(r, header + 1);
            var last = streamAfterFirstRow ? Math.Max(header + table.Rows.Count, header + 1) : styled;
            var created = ws.Range(header, column, last, column + table.Columns.Count - 1).CreateTable(table.Name);
            created.Theme = XLTableTheme.FromName(theme);
            // ClosedXML walks every row of a filtered range when it saves (4 s for 70,000 rows): a streamed table gets
            // its filter buttons from WorkbookRowStream instead.
            created.ShowAutoFilter = !streamAfterFirstRow;
            created.ShowRowStripes = true;
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var col = table.Columns[c];
                var cells = ws.Range(header + 1, column + c, styled, column + c);
                if (!mixedValues && Format(col.Type) is { } format)
                {
                    cells.Style.NumberFormat.Format = format;
                }

                if (wrap?.Contains(col.Name) == true)
                {
                    cells.Style.Alignment.WrapText = true;
                    cells.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
                }

                if (col.Name == dataBarColumn && r > header)
                {
                    cells.AddConditionalFormat().DataBar(XLColor.FromHtml("#638EC6")).LowestValue().HighestValue();
                }

                var width = wrap?.Contains(col.Name) == true ? WorkbookColumn<T>.MaxWidth : Math.Clamp((int)Math.Ceiling((widths[c] * 1.1) + 2), 4, WorkbookColumn<T>.MaxWidth);
                var current = ws.Column(column + c).Width;
                ws.Column(column + c).Width = Math.Max(width, current > 0 && ws.Column(column + c).Width != ws.ColumnWidth ? current : 0);
            }

            if (wrap is { Count: > 0 })
            {
                ws.Range(header + 1, column, styled, column + table.Columns.Count - 1).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            }

            ws.SheetView.FreezeRows(header);
            return last;
        }

        /// <summary>Writes one row of values (a total under a table) in the columns' formats.</summary>
        public static void Values<T>(IXLWorksheet ws, int row, int column, List<WorkbookColumn<T>> columns, T item)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                Put(ws.Cell(row, column + c), columns[c].Type, columns[c].Value(item));
                if (Format(columns[c].Type) is { } format)
                {
                    ws.Cell(row, column + c).Style.NumberFormat.Format = format;
                }
            }
        }

        private static int WrappedLines(string text, int width) =>
            text.Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(line.Length / (width * 1.0))));

        private static ColumnType TypeOf(object? value) => value switch
        {
            DateOnly => ColumnType.Date,
            DateTimeOffset => ColumnType.DateTime,
            int => ColumnType.Integer,
            double => ColumnType.Number,
            bool => ColumnType.Boolean,
            _ => ColumnType.Text,
        };

        private static string? Format(ColumnType type) => type switch
        {
            ColumnType.Date => DateFormat,
            ColumnType.DateTime => DateTimeFormat,
            ColumnType.Rate => RateFormat,
            ColumnType.Integer => "#,##0",
            ColumnType.Number => "#,##0.###",
            _ => null,
        };

        /// <summary>Writes one value and returns how many characters it shows (for the column width).</summary>
        public static int Put(IXLCell cell, ColumnType type, object? value)
        {
            switch (value)
            {
                case null:
                    break;
                case DateOnly day:
                    cell.SetValue(day.ToDateTime(TimeOnly.MinValue));
                    cell.Style.NumberFormat.Format = DateFormat;
                    break;
                case DateTimeOffset instant:
                    cell.SetValue(Local(instant));
                    cell.Style.NumberFormat.Format = DateTimeFormat;
                    break;
                case bool flag:
                    cell.SetValue(flag);
                    break;
                case int number when type != ColumnType.Text:
                    cell.SetValue(number);
                    break;
                case double number when type != ColumnType.Text:
                    cell.SetValue(number);
                    if (type == ColumnType.Rate)
                    {
                        cell.Style.NumberFormat.Format = RateFormat;
                    }

                    break;
                default:
                    PutText(cell, TextOf(value));
                    break;
            }

            return DisplayLength(type, value);
        }

        /// <summary>How many characters a value shows (for the column width), as <see cref="Put"/> writes it.</summary>
        public static int DisplayLength(ColumnType type, object? value) => value switch
        {
            null => 0,
            DateOnly => 10,
            DateTimeOffset => 16,
            bool => 5,
            int number when type != ColumnType.Text => number.ToString(CultureInfo.InvariantCulture).Length + 1,
            double when type != ColumnType.Text => 8,
            _ => LongestLine(TextOf(value)),
        };

        /// <summary>
        /// Text is stored as a string cell whatever it starts with: "=…", "+84…", "-5", "@x" and "0123" stay text (the
        /// product rule: text from agencies and citizens is stored as given and never written as a formula).
        /// </summary>
        public static int PutText(IXLCell cell, string text)
        {
            cell.SetValue(text);
            if (cell.DataType != XLDataType.Text || cell.HasFormula)
            {
                cell.FormulaA1 = null;
                cell.DataType = XLDataType.Text;
                cell.SetValue(text);
            }

            return LongestLine(text);
        }

        // Called for every text cell of every table (1.4 million at a province's year): scans, never splits.
        private static int LongestLine(string text)
        {
            var longest = 0;
            var rest = text.AsSpan();
            while (true)
            {
                var end = rest.IndexOf('\n');
                longest = Math.Max(longest, end < 0 ? rest.Length : end);
                if (end < 0 || longest >= WorkbookColumn<object>.MaxWidth)
                {
                    return Math.Min(longest, WorkbookColumn<object>.MaxWidth);
                }

                rest = rest[(end + 1)..];
            }
        }
    }
}
