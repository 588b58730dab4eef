using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

/// <summary>
/// The layouts and phrasings other provinces' published plans come in (issue 15), each on a short plan written for the
/// test in that shape (Plans/Fixtures; none is copied from a published document).
/// </summary>
public sealed class PublishedLayoutTests
{
    private static readonly PlanIdentity AnGiang2025 = new("ag-kstthc-2025", "an-giang", 2025, null, null, null);

    private static PlanDraft Draft(string text) => PlanTableInterpreter.Interpret(PlanTextReader.Read(text));

    private static Plan Compile(string text) => PlanCompiler.Compile(AnGiang2025, Draft(text), Samples.AnGiangRegistry);

    private const string Header = "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |\n|---|---|---|---|---|\n";

    // One cell per line, as an HTML-to-Markdown converter emits a web page's table.

    [Fact]
    public void A_one_cell_per_line_table_is_found_by_its_header_after_the_document_header_in_the_same_layout()
    {
        var draft = Draft(Samples.Fixture("one-cell-per-line.md"));

        Assert.Equal(["I", "II"], draft.Sections.Select(s => s.Number));
        Assert.Equal(["CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "CÔNG BỐ, CÔNG KHAI THỦ TỤC HÀNH CHÍNH"], draft.Sections.Select(s => s.Title));
        Assert.Equal(["I.1", "I.2", "II.3", "II.4", "II.5"], draft.Tasks.Select(t => t.TaskId));
    }

    [Fact]
    public void A_one_cell_per_line_table_keeps_hard_wraps_empty_cells_and_every_column_in_place()
    {
        var tasks = Draft(Samples.Fixture("one-cell-per-line.md")).Tasks;

        Assert.Equal("Ban hành Kế hoạch kiểm soát thủ tục hành chính\nnăm 2025", tasks[0].Content);
        Assert.Equal(("Văn phòng UBND tỉnh", "Sở, ban, ngành tỉnh", "Quí I-2025"), (tasks[0].Lead, tasks[0].Coordinating, tasks[0].Timeframe));
        Assert.Equal(("Sở Nội vụ", string.Empty, "Quý IV/2025"), (tasks[1].Lead, tasks[1].Coordinating, tasks[1].Timeframe));
        Assert.Equal(("Sở Tư pháp", "UBND xã, phường, đặc khu", "quý IV năm 2025"), (tasks[3].Lead, tasks[3].Coordinating, tasks[3].Timeframe));
        Assert.Equal("Năm 2025-2026", tasks[4].Timeframe);
    }

    [Fact]
    public void A_one_cell_per_line_row_without_a_number_continues_the_task_above()
    {
        var task = Draft(Samples.Fixture("one-cell-per-line.md")).Tasks.Single(t => t.TaskId == "II.3");

        Assert.Equal("Công bố danh mục thủ tục hành chính: a) thuộc thẩm quyền cấp tỉnh; b) thuộc thẩm quyền cấp xã\nNiêm yết công khai tại Bộ phận Một cửa các cấp", task.Content);
        Assert.Equal("Sở, ban, ngành tỉnh\nUBND xã, phường, đặc khu", task.Lead);
        Assert.Equal("Trung tâm Phục vụ hành chính công tỉnh", task.Coordinating);
        Assert.Equal("Tháng 12-2025", task.Timeframe);
    }

    [Fact]
    public void A_one_cell_per_line_table_ends_before_the_closing_paragraph_and_the_signature_block()
    {
        var draft = Draft(Samples.Fixture("one-cell-per-line.md"));

        Assert.Equal("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", draft.Tasks[^1].Content);
        Assert.DoesNotContain(draft.Tasks, t => t.Content.Contains("Nơi nhận", StringComparison.Ordinal) || t.Content.Contains("Trên đây", StringComparison.Ordinal));
        Assert.Empty(draft.Warnings);
    }

    [Fact]
    public void A_one_cell_per_line_plan_reads_its_bold_title_from_the_preamble()
    {
        var metadata = Draft(Samples.Fixture("one-cell-per-line.md")).Metadata;

        Assert.Equal("KẾ HOẠCH Kiểm soát thủ tục hành chính năm 2025", metadata.Title);
        Assert.Equal(2025, metadata.Year);
    }

    [Fact]
    public void A_one_cell_per_line_plan_compiles_with_every_lead_resolved_and_every_timeframe_scheduled()
    {
        var plan = Compile(Samples.Fixture("one-cell-per-line.md"));

        Assert.All(plan.Tasks, t => Assert.True(t.Lead.IsFullyResolved, $"{t.Id}: {t.Lead.Text}"));
        Assert.All(plan.Tasks, t => Assert.NotEqual(TimeframeKind.Unscheduled, t.Timeframe.Kind));
        Assert.Equal(
            [new DateOnly(2025, 3, 31), new DateOnly(2025, 12, 31), new DateOnly(2025, 12, 31), new DateOnly(2025, 12, 31), new DateOnly(2026, 12, 31)],
            plan.Tasks.Select(t => t.Timeframe.DueDate!.Value));
        Assert.Empty(plan.Warnings);
    }

    // Markdown pipe tables with emphasis.

    [Fact]
    public void A_pipe_table_with_bold_numerals_titles_and_header_cells_reads_as_plain_text()
    {
        var draft = Draft(Samples.Fixture("pipe-emphasis.md"));

        Assert.Equal(["I", "II", "III"], draft.Sections.Select(s => s.Number));
        Assert.Equal(["XÂY DỰNG VĂN BẢN CHỈ ĐẠO", "CÔNG KHAI THỦ TỤC HÀNH CHÍNH", "RÀ SOÁT, ĐƠN GIẢN HÓA"], draft.Sections.Select(s => s.Title));
        Assert.Equal(["I.1", "I.2", "II.3", "III.4", "III.5"], draft.Tasks.Select(t => t.TaskId));
        Assert.DoesNotContain(draft.Tasks, t => t.Content.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void A_bold_title_over_several_lines_and_an_italic_decision_line_are_read_from_the_preamble()
    {
        var metadata = Draft(Samples.Fixture("pipe-emphasis.md")).Metadata;

        Assert.Equal("KẾ HOẠCH Công tác kiểm soát thủ tục hành chính, cải cách thủ tục hành chính năm 2025 trên địa bàn tỉnh", metadata.Title);
        Assert.Equal(new PlanMetadata(metadata.Title, 2025, "20/QĐ-UBND", new DateOnly(2025, 1, 15)), metadata);
    }

    [Fact]
    public void A_pipe_table_followed_by_a_signature_table_stops_before_it()
    {
        var draft = Draft(Samples.Fixture("pipe-emphasis.md"));

        Assert.DoesNotContain(draft.Tasks, t => t.Content.Contains("Nơi nhận", StringComparison.Ordinal) || t.Content.Contains("Văn phòng Chính phủ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signature_table_directly_under_the_task_table_is_not_read_as_rows()
    {
        var text = Header + "| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n| **Nơi nhận:** | **KT. CHỦ TỊCH** |\n|---|---|\n| - Như trên; | PHÓ CHỦ TỊCH |\n";

        var task = Assert.Single(Draft(text).Tasks);

        Assert.Equal("Việc A", task.Content);
    }

    [Fact]
    public void A_signature_row_inside_the_table_ends_it()
    {
        var text = Header + "| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n| Nơi nhận: - Như trên; | | TM. ỦY BAN NHÂN DÂN | | |\n";

        var task = Assert.Single(Draft(text).Tasks);

        Assert.Equal("Sở Tư pháp", task.Lead);
    }

    // Section rows.

    [Theory]
    [InlineData("| I | XÂY DỰNG VĂN BẢN | | | |")]
    [InlineData("| **I.** | **XÂY DỰNG VĂN BẢN** | | | |")]
    [InlineData("| ** I** | XÂY DỰNG VĂN BẢN | | | |")]
    [InlineData("| I) | XÂY DỰNG VĂN BẢN | | | |")]
    [InlineData("| I. XÂY DỰNG VĂN BẢN | | | | |")]
    [InlineData("| **I. XÂY DỰNG VĂN BẢN** | | | | |")]
    [InlineData("| **I.<br>XÂY DỰNG VĂN BẢN** | | | | |")]
    [InlineData("| | I. XÂY DỰNG VĂN BẢN | | | |")]
    public void A_section_row_in_one_cell_or_in_two_reads_the_same(string sectionRow)
    {
        var draft = Draft(Header + sectionRow + "\n| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n");

        Assert.Equal(new PlanSection("I", "XÂY DỰNG VĂN BẢN"), Assert.Single(draft.Sections));
        Assert.Equal("I.1", Assert.Single(draft.Tasks).TaskId);
    }

    [Fact]
    public void Numbering_that_runs_on_across_sections_keeps_the_printed_numbers()
    {
        var text = Header
            + "| I | MỤC MỘT | | | |\n| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n| 2 | Việc B | Sở Tư pháp | | Quý I/2025 |\n"
            + "| II | MỤC HAI | | | |\n| 3 | Việc C | Sở Y tế | | Quý II/2025 |\n| 4 | Việc D | Sở Y tế | | Quý II/2025 |\n";

        Assert.Equal(["I.1", "I.2", "II.3", "II.4"], Draft(text).Tasks.Select(t => t.TaskId));
    }

    // Un-numbered continuation rows and double-valued cells.

    [Fact]
    public void An_unnumbered_row_after_a_task_continues_that_task_column_by_column()
    {
        var task = Draft(Samples.Fixture("pipe-emphasis.md")).Tasks.Single(t => t.TaskId == "II.3");

        Assert.Equal("Công khai thủ tục hành chính\nCập nhật lên Cổng dịch vụ công", task.Content);
        Assert.Equal("Sở, ban, ngành tỉnh", task.Lead);
        Assert.Equal("Trung tâm Phục vụ hành chính công tỉnh", task.Coordinating);
        Assert.Equal("Quý IV/2025", task.Timeframe);
    }

    [Fact]
    public void An_unnumbered_sub_item_is_kept_with_the_task_above_and_is_not_a_task()
    {
        var draft = Draft(Samples.Fixture("pipe-emphasis.md"));

        Assert.Equal(5, draft.Tasks.Count);
        Assert.Equal("Số hóa hồ sơ thủ tục hành chính\n- Đối với hồ sơ còn hiệu lực", draft.Tasks[^1].Content);
    }

    [Fact]
    public void A_second_line_of_a_lead_cell_joins_the_lead_so_the_agency_resolves()
    {
        var text = Header + "| 1 | Việc A | Văn phòng UBND | | Quý I/2025 |\n| | | tỉnh | | |\n";

        var plan = Compile(text);

        Assert.Equal(["van-phong-ubnd-tinh"], plan.Tasks[0].Lead.AgencyIds);
    }

    [Fact]
    public void An_unnumbered_row_with_no_task_above_it_is_refused_naming_the_row()
    {
        var text = Header + "| I | MỤC MỘT | | | |\n| | Giới thiệu chung | | | |\n| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n";

        var error = Assert.Throws<PlanFormatException>(() => Draft(text));

        Assert.Equal("Dòng 4: \"Giới thiệu chung\" không có số thứ tự và không nằm ngay sau một nhiệm vụ, nên không phải nhiệm vụ, không phải phần tiếp của nhiệm vụ và không phải tiêu đề mục (I., II., …).", error.Message);
    }

    [Fact]
    public void A_refusal_after_some_tasks_says_how_far_the_table_was_read()
    {
        var text = Header + "| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n| hai | Việc B | Sở Tư pháp | | Quý I/2025 |\n";

        var error = Assert.Throws<PlanFormatException>(() => Draft(text));

        Assert.Equal("Dòng 4: số thứ tự \"hai\" không phải số nguyên dương. Bảng đọc được đến nhiệm vụ 1; từ dòng này bảng không còn hợp lệ.", error.Message);
    }

    [Fact]
    public void A_double_valued_row_stays_one_task_with_both_values()
    {
        var task = Draft(Samples.Fixture("pipe-emphasis.md")).Tasks.Single(t => t.TaskId == "III.4");

        Assert.Equal("a) Rà soát quy định; b) Đề xuất phương án đơn giản hóa", task.Content);
        Assert.Equal("a) Báo cáo; b) Phương án", task.ExpectedOutput);
    }

    [Fact]
    public void A_double_valued_lead_cell_resolves_both_agencies()
    {
        var plan = Compile(Header + "| 1 | a) Việc A; b) Việc B | a) Sở Tư pháp; b) Sở Nội vụ | | Quý I/2025 |\n");

        Assert.Equal(["so-tu-phap", "so-noi-vu"], plan.Tasks[0].Lead.AgencyIds);
        Assert.True(plan.Tasks[0].Lead.IsFullyResolved);
    }

    // A document cut short.

    [Fact]
    public void A_page_cut_by_a_line_of_dots_imports_the_complete_rows_and_warns_naming_the_cut()
    {
        var plan = Compile(Samples.Fixture("cut-by-dots.md"));

        Assert.Equal(["I.1", "I.2"], plan.Tasks.Select(t => t.Id));
        var warning = Assert.Single(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.DocumentCut);
        Assert.Equal("I.2", warning.TaskId);
        Assert.Equal(
            "Văn bản bị cắt ở dòng 14 (\"......................................................\"): bảng nhiệm vụ chỉ đọc được đến nhiệm vụ I.2. " +
            "Dòng 13 (\"3 | Kiểm tra việc thực hiện | Văn phòng UBND tỉnh | Sở Nội\") bị cắt dở nên không được nhập. " +
            "Nếu kế hoạch còn nhiệm vụ sau chỗ cắt, hãy nhập lại từ văn bản đầy đủ.",
            warning.Message);
    }

    [Fact]
    public void Site_chrome_around_a_cut_page_never_becomes_a_task()
    {
        var draft = Draft(Samples.Fixture("cut-by-dots.md"));

        Assert.DoesNotContain(draft.Tasks, t => t.Content.Contains("Đăng nhập", StringComparison.Ordinal) || t.Content.Contains("Tải về", StringComparison.Ordinal));
        Assert.Equal("KẾ HOẠCH Kiểm soát thủ tục hành chính năm 2025", draft.Metadata.Title);
    }

    [Fact]
    public void A_page_cut_before_the_first_task_is_refused_saying_where()
    {
        var error = Assert.Throws<PlanFormatException>(() => Draft(Header + "| I | TRIỂN KHAI | | | |\n…\n"));

        Assert.Equal("Văn bản bị cắt ở dòng 4 (\"…\") trước nhiệm vụ đầu tiên: không có nhiệm vụ nào để nhập. Hãy lấy văn bản đầy đủ.", error.Message);
    }

    [Fact]
    public void A_pipe_table_that_stops_in_the_middle_of_a_row_drops_that_row_and_names_it()
    {
        var draft = Draft(Header + "| 1 | Việc A | Sở Tư pháp | | Quý I/2025 |\n| 2 | Việc B | Sở Tư\n");

        Assert.Equal("1", Assert.Single(draft.Tasks).TaskId);
        var warning = Assert.Single(draft.Warnings);
        Assert.StartsWith("Văn bản bị cắt ở dòng 4 (\"| 2 | Việc B | Sở Tư\")", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_cell_per_line_table_cut_by_dots_inside_a_row_drops_that_row_and_names_it()
    {
        const string text = "|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n|\n1\n|\nViệc A\n|\nSở Tư pháp\n|\nQuý I/2025\n|\n|\n2\n|\nViệc B còn\n.........\nĐăng nhập để xem tiếp\n";

        var draft = Draft(text);

        Assert.Equal("1", Assert.Single(draft.Tasks).TaskId);
        Assert.Contains("Văn bản bị cắt ở dòng 23 (\".........\")", Assert.Single(draft.Warnings).Message, StringComparison.Ordinal);
        Assert.Contains("(\"2 | Việc B còn\") bị cắt dở", draft.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_cell_per_line_table_whose_page_ends_in_a_row_drops_that_row()
    {
        const string text = "|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n|\n1\n|\nViệc A\n|\nSở Tư pháp\n|\nQuý I/2025\n|\n|\n2\n|\nViệc B\n|\n";

        var draft = Draft(text);

        Assert.Equal("1", Assert.Single(draft.Tasks).TaskId);
        Assert.Contains("\"2 | Việc B\"", Assert.Single(draft.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_copied_from_Word_cut_by_dots_in_a_row_drops_that_row_and_names_it()
    {
        const string text = "\tSTT\n\tNội dung\n\tCơ quan chủ trì\n\tThời gian thực hiện\n\n\t1\n\tViệc A\n\tSở Tư pháp\n\tQuý I/2025\n\n\t2\n\tViệc B\n.....\n";

        var draft = Draft(text);

        Assert.Equal("1", Assert.Single(draft.Tasks).TaskId);
        Assert.Contains("Văn bản bị cắt ở dòng 13 (\".....\")", Assert.Single(draft.Warnings).Message, StringComparison.Ordinal);
        Assert.Contains("Dòng 11 (\"2 | Việc B\") bị cắt dở", draft.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_separated_rows_cut_by_dots_keep_the_rows_before_the_cut()
    {
        const string text = "STT\tNội dung\tCơ quan chủ trì\tThời gian thực hiện\n1\tViệc A\tSở Tư pháp\tQuý I/2025\n…\n2\tViệc B\tSở Tư pháp\tQuý I/2025\n";

        var draft = Draft(text);

        Assert.Equal("1", Assert.Single(draft.Tasks).TaskId);
        Assert.Equal(PlanCompiler.WarningCodes.DocumentCut, Assert.Single(draft.Warnings).Code);
    }

    [Fact]
    public void A_one_cell_per_line_row_complete_before_the_dots_is_kept()
    {
        const string text = "|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n|\n1\n|\nViệc A\n|\nSở Tư pháp\n|\nQuý I/2025\n|\n.........\n";

        var draft = Draft(text);

        Assert.Equal("Quý I/2025", Assert.Single(draft.Tasks).Timeframe);
        Assert.DoesNotContain("bị cắt dở", Assert.Single(draft.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_cell_per_line_table_numbered_past_999_reads_every_task()
    {
        var text = new System.Text.StringBuilder("|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n");
        for (var n = 1; n <= 1200; n++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"|\n{n}\n|\nViệc {n}\n|\nSở Tư pháp\n|\nQuý I/2025\n|\n");
        }

        var draft = Draft(text.ToString());

        Assert.Equal(1200, draft.Tasks.Count);
        Assert.Equal("1200", draft.Tasks[^1].TaskId);
    }

    [Fact]
    public void A_year_alone_after_an_empty_cell_in_the_one_cell_layout_is_the_rows_timeframe_not_a_new_row()
    {
        const string text = "|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nKết quả\n|\nThời gian thực hiện\n|\n|\n1\n|\nViệc A\n|\nSở Tư pháp\n|\n|\n2025\n|\n|\n2\n|\nViệc B\n|\nSở Y tế\n|\nBáo cáo\n|\nQuý I/2025\n|\n";

        var tasks = Draft(text).Tasks;

        Assert.Equal(["1", "2"], tasks.Select(t => t.TaskId));
        Assert.Equal((string.Empty, "2025"), (tasks[0].ExpectedOutput, tasks[0].Timeframe));
    }

    [Fact]
    public void Text_between_the_previous_table_and_the_header_that_mentions_a_column_word_is_not_a_column()
    {
        const string text = "|\nỦY BAN NHÂN DÂN TỈNH\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n"
            + "Ủy ban nhân dân tỉnh giao nhiệm vụ cho các cơ quan, đơn vị thực hiện kiểm soát thủ tục hành chính năm 2025 theo bảng dưới đây, bảo đảm đúng thời gian và chất lượng.\n"
            + "|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n|\n1\n|\nViệc A\n|\nSở Tư pháp\n|\nQuý I/2025\n|\n";

        var table = PlanTextReader.Read(text);

        Assert.Equal(["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện"], table.Header);
        Assert.Equal("Sở Tư pháp", PlanTableInterpreter.Interpret(table).Tasks[0].Lead);
    }

    [Fact]
    public void A_cut_warning_reaches_the_compiled_plan_ahead_of_the_others()
    {
        var plan = Compile(Header + "| 1 | Việc A | Sở Du lịch | | Quý I/2025 |\n\n. . . . .\n");

        Assert.Equal(PlanCompiler.WarningCodes.DocumentCut, plan.Warnings[0].Code);
        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.LeadUnresolved);
    }
}
