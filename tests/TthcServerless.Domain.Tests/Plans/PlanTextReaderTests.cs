using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

public sealed class PlanTextReaderTests
{
    private const string PipeTable = """
        KẾ HOẠCH
        KIỂM SOÁT TTHC NĂM 2026
        (Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND tỉnh)

        | STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian thực hiện |
        |---|---|---|---|---|---|
        | I. XÂY DỰNG VĂN BẢN | | | | | |
        | 1 | Kế hoạch kiểm soát TTHC | Văn phòng UBND tỉnh | Sở, ban, ngành tỉnh | Kế hoạch | Quý I/2026 |
        | 2 | Rà soát quy định \| TTHC | Sở Tư pháp | | Báo cáo | Thường xuyên |
        | II. KHÁC | | | | | |
        | 1 | Báo cáo định kỳ | Văn phòng UBND tỉnh | Các đơn vị liên quan | Báo cáo | Định kỳ hoặc đột xuất |
        """;

    [Fact]
    public void The_seed_text_has_a_six_column_header_and_its_preamble()
    {
        var table = PlanTextReader.Read(Samples.TienGiangPlanText);

        Assert.Equal(["Số TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả", "Thời gian thực hiện"], table.Header);
        Assert.Contains("Ban hành kèm theo Quyết định số 45/QĐ-UBND", table.Preamble, StringComparison.Ordinal);
    }

    [Fact]
    public void A_markdown_pipe_table_reads_into_sections_and_tasks()
    {
        var draft = PlanTableInterpreter.Interpret(PlanTextReader.Read(PipeTable));

        Assert.Equal(["I", "II"], draft.Sections.Select(s => s.Number));
        Assert.Equal(["I.1", "I.2", "II.1"], draft.Tasks.Select(t => t.TaskId));
        Assert.Equal("Rà soát quy định | TTHC", draft.Tasks[1].Content);
        Assert.Equal("Kế hoạch", draft.Tasks[0].ExpectedOutput);
        Assert.Equal(new PlanMetadata("KẾ HOẠCH KIỂM SOÁT TTHC NĂM 2026", 2026, "12/QĐ-UBND", new DateOnly(2026, 1, 5)), draft.Metadata);
    }

    [Fact]
    public void Tab_separated_rows_one_per_line_read_too()
    {
        const string text = "STT\tNội dung\tCơ quan chủ trì\tThời gian thực hiện\n1\tKế hoạch năm\tSở Tư pháp\tQuý I/2026\n2\tBáo cáo\tSở Y tế\tThường xuyên\n";

        var draft = PlanTableInterpreter.Interpret(PlanTextReader.Read(text));

        Assert.Equal(["1", "2"], draft.Tasks.Select(t => t.TaskId));
        Assert.Equal("Sở Y tế", draft.Tasks[1].Lead);
        Assert.Equal(string.Empty, draft.Tasks[1].Coordinating);
    }

    [Fact]
    public void A_paragraph_break_inside_a_tab_led_cell_continues_that_cell()
    {
        const string text = "\tSTT\n\tNội dung\n\tCơ quan chủ trì\n\tThời gian thực hiện\n\n\t1\n\tDòng một\ndòng hai\n\tSở Tư pháp\n\tQuý I/2026\n";

        var task = Assert.Single(PlanTableInterpreter.Interpret(PlanTextReader.Read(text)).Tasks);

        Assert.Equal("Dòng một\ndòng hai", task.Content);
        Assert.Equal("Sở Tư pháp", task.Lead);
    }

    [Fact]
    public void Text_without_a_task_table_is_refused_with_a_message_saying_what_is_missing()
    {
        var error = Assert.Throws<PlanFormatException>(() => PlanTextReader.Read("Đây là một văn bản bất kỳ.\nKhông có bảng."));

        Assert.Contains("Cơ quan chủ trì", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_a_lead_column_is_not_a_task_table()
    {
        Assert.Throws<PlanFormatException>(() => PlanTextReader.Read("| STT | Nội dung | Thời gian |\n|---|---|---|\n| 1 | A | Quý I/2026 |"));
    }

    [Fact]
    public void A_task_without_a_number_is_refused_naming_its_line()
    {
        const string text = "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| một | Việc A | Sở Y tế | Quý I/2026 |";

        var error = Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read(text)));

        Assert.Contains("Dòng 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("một", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_task_number_twice_in_a_section_is_refused()
    {
        const string text = "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| I. A | | | |\n| 1 | Việc A | Sở Y tế | Quý I/2026 |\n| 1 | Việc B | Sở Y tế | Quý I/2026 |";

        var error = Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read(text)));

        Assert.Contains("I.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_more_cells_than_columns_is_refused()
    {
        const string text = "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Việc A | Sở Y tế | Quý I/2026 | thừa |";

        Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read(text)));
    }

    [Fact]
    public void A_table_with_a_header_and_no_tasks_is_refused()
    {
        Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read("| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| I. A | | | |")));
    }

    [Fact]
    public void A_task_without_content_is_refused()
    {
        const string text = "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 |  | Sở Y tế | Quý I/2026 |";

        Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read(text)));
    }
}
