using System.Diagnostics;
using System.Text;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

/// <summary>Odd or hostile input to the plan readers: a warning or a format error, never an exception or a stall.</summary>
public sealed class ParserRobustnessTests
{
    private static readonly TimeframeContext Plan2022 = new(2022, new DateOnly(2022, 1, 7));

    private const string TabHeader = "\tSTT\n\tNội dung\n\tCơ quan chủ trì\n\tThời gian thực hiện\n\n";

    [Fact]
    public void Many_continuation_lines_in_one_cell_are_read_in_linear_time()
    {
        var text = new StringBuilder(TabHeader).Append("\t1\n\tNội dung\n");
        for (var i = 0; i < 200_000; i++)
        {
            text.Append("x\n");
        }

        var watch = Stopwatch.StartNew();
        Assert.Throws<PlanFormatException>(() => PlanTextReader.Read(text.ToString()));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_cell_far_over_the_length_limit_is_a_format_error_while_reading()
    {
        var text = TabHeader + "\t1\n\tNội dung\n" + string.Concat(Enumerable.Repeat("dòng tiếp theo của ô\n", 2000));

        var error = Assert.Throws<PlanFormatException>(() => PlanTextReader.Read(text));

        Assert.Contains(PlanTableInterpreter.MaxCellLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continuation_lines_still_join_their_cell()
    {
        var table = PlanTextReader.Read(TabHeader + "\t1\n\tDòng một\nDòng hai\n\tSở Tư pháp\n\tQuý I/2022\n");

        Assert.Equal("Dòng một\nDòng hai", table.Rows[0].Cells[1]);
    }

    [Fact]
    public void More_sections_than_the_cap_is_a_format_error()
    {
        var rows = Enumerable.Range(1, PlanTableInterpreter.MaxSections + 1)
            .Select(n => new PlanTableRow(n, [$"{Roman(n)}. MỤC {n}", "", "", ""]))
            .Append(new PlanTableRow(9999, ["1", "Nội dung", "Sở Tư pháp", "Quý I/2022"]))
            .ToList();

        var error = Assert.Throws<PlanFormatException>(() =>
            PlanTableInterpreter.Interpret(new PlanTable(["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện"], rows, string.Empty)));

        Assert.Contains($"hơn {PlanTableInterpreter.MaxSections} mục", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> YearZeroPhrases => new()
    {
        "Năm 0000",
        "Tháng 1/0000",
        "Tháng 01 năm 0000",
        "01/0000",
        "Quý I/0000",
        "6 tháng đầu năm 0000",
        "Trước ngày 15/12/0000",
        "Ngày 07/01/0000",
        "Từ tháng 1/0000 đến tháng 3/0000",
        "Năm 0000 và các năm tiếp theo",
        "Năm 9999",
    };

    [Theory]
    [MemberData(nameof(YearZeroPhrases))]
    public void A_year_out_of_range_is_unscheduled_with_a_warning(string phrase)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2022);

        Assert.Equal(TimeframeKind.Unscheduled, timeframe.Kind);
        Assert.NotNull(timeframe.Warning);
    }

    [Theory]
    [InlineData("Tháng 12")]
    [InlineData("Tháng 12 hằng năm")]
    [InlineData("Từ tháng 3 đến tháng 11 hằng năm")]
    [InlineData("02 tháng (tháng 4 và tháng 8)")]
    [InlineData("Quý IV")]
    [InlineData("6 tháng cuối năm")]
    public void A_plan_year_out_of_range_never_throws(string phrase)
    {
        var timeframe = TimeframeParser.Parse(phrase, new TimeframeContext(0));

        Assert.Null(timeframe.DueDate);
    }

    [Fact]
    public void A_level_override_with_year_zero_is_reported_and_the_main_date_stands()
    {
        var timeframe = TimeframeParser.Parse("Tháng 01/2022 (Cấp xã: 02/0000)", Plan2022);

        Assert.Empty(timeframe.LevelDueDates);
        Assert.NotNull(timeframe.Warning);
    }

    [Fact]
    public void A_preamble_decision_dated_year_zero_is_ignored()
    {
        var metadata = PlanTableInterpreter.ReadMetadata("Ban hành kèm theo Quyết định số 45/QĐ-UBND ngày 07/01/0000");

        Assert.Equal("45/QĐ-UBND", metadata.DecisionNumber);
        Assert.Null(metadata.DecisionDate);
    }

    [Fact]
    public void A_title_naming_year_zero_gives_no_plan_year()
    {
        Assert.Null(PlanTableInterpreter.ReadMetadata("KẾ HOẠCH KIỂM SOÁT TTHC NĂM 0000").Year);
    }

    [Theory]
    [InlineData("Tháng 01/2022 (Cấp huyện, cấp xã: 02/2022)")]
    [InlineData("Tháng 01/2022 (Cấp huyện và cấp xã: 02/2022)")]
    [InlineData("Tháng 01/2022 (Cấp huyện, xã: 02/2022)")]
    public void A_date_after_a_list_of_levels_applies_to_every_level_listed(string phrase)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2022);

        Assert.Equal(["Cấp huyện", "Cấp xã"], timeframe.LevelDueDates.Select(l => l.Level));
        Assert.All(timeframe.LevelDueDates, l => Assert.Equal(new DateOnly(2022, 2, 28), l.DueDate));
        Assert.Null(timeframe.Warning);
    }

    [Fact]
    public void Level_items_separated_by_commas_keep_their_own_dates()
    {
        var timeframe = TimeframeParser.Parse("Quý I/2022 (Cấp huyện: 04/2022, cấp xã: 05/2022)", Plan2022);

        Assert.Equal([new DateOnly(2022, 4, 30), new DateOnly(2022, 5, 31)], timeframe.LevelDueDates.Select(l => l.DueDate));
    }

    [Fact]
    public void A_level_override_with_an_unreadable_date_is_reported()
    {
        var timeframe = TimeframeParser.Parse("Quý I/2022 (Cấp huyện: sớm nhất có thể; cấp xã: 05/2022)", Plan2022);

        Assert.Equal(TimeframeKind.Deadline, timeframe.Kind);
        Assert.Equal(["Cấp xã"], timeframe.LevelDueDates.Select(l => l.Level));
        Assert.Contains("sớm nhất có thể", timeframe.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_parenthesis_does_not_hide_the_agencies_after_it()
    {
        var resolution = Samples.TienGiangRegistry.CreateResolver([]).Resolve("Sở Y tế (Sở Tài chính");

        Assert.Equal(["so-y-te", "so-tai-chinh"], resolution.AgencyIds);
    }

    // How long these take is measured by the benchmark (bench: plan-text), not here.
    [Fact]
    public void A_page_of_bars_and_one_letter_cells_without_a_header_is_refused()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            text.Append("|\nx\n");
        }

        var error = Assert.Throws<PlanFormatException>(() => PlanTextReader.Read(text.ToString()));

        Assert.StartsWith("Không tìm thấy bảng nhiệm vụ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_cell_per_line_table_of_1999_rows_reads_every_row()
    {
        var text = new StringBuilder("|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n");
        for (var i = 1; i <= 1999; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"|\n{i % 999 + 1}\n|\nViệc {i}\n|\nSở Tư pháp\n|\nQuý I/2022\n|\n");
        }

        var table = PlanTextReader.Read(text.ToString());

        Assert.Equal(1999, table.Rows.Count);
    }

    private static readonly string[] Pieces =
    [
        "|", "\t", "\n", "\n", "\n", " | ", "|---|---|---|---|", "STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
        "1", "2", "12.", "I", "II.", "**", "** III**", "I.\nMỤC", "......", "…", "a) Sở Tư pháp; b)", "Sở Tư pháp", "UBND xã, phường, đặc khu",
        "Quí IV-2025", "Năm 2025-2026", "٢٠٢٥", "２０２５", "Nơi nhận:", "KT. CHỦ TỊCH", "KẾ HOẠCH", "**KẾ HOẠCH**", "NĂM 2025",
        "kèm theo Quyết định số 1/QĐ-UBND ngày 05/01/2025", "<br>", "\\|", "(", ")", "Trên đây là",
    ];

    [Fact]
    public void Any_text_built_from_plan_pieces_is_read_or_refused_with_a_format_error_never_another_exception()
    {
        var random = new Random(15);
        for (var n = 0; n < 3000; n++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 120);
            for (var k = 0; k < length; k++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            try
            {
                var draft = PlanTableInterpreter.Interpret(PlanTextReader.Read(text.ToString()));
                PlanCompiler.Compile(new PlanIdentity("p", "tien-giang", 2025, null, null, null), draft, Samples.AnGiangRegistry);
            }
            catch (PlanFormatException)
            {
                // A refusal is a fine answer; any other exception would be a 500.
            }
        }
    }

    [Fact]
    public void Unknown_text_after_an_unclosed_parenthesis_is_reported_as_unresolved()
    {
        var resolution = Samples.TienGiangRegistry.CreateResolver([]).Resolve("Sở Y tế (cơ quan không có thật");

        Assert.Equal(["so-y-te"], resolution.AgencyIds);
        Assert.Equal("cơ quan không có thật", Assert.Single(resolution.Unresolved).Text);
    }

    private static string Roman(int n)
    {
        (int Value, string Symbol)[] numerals = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var result = new StringBuilder();
        foreach (var (value, symbol) in numerals)
        {
            for (; n >= value; n -= value)
            {
                result.Append(symbol);
            }
        }

        return result.ToString();
    }
}
