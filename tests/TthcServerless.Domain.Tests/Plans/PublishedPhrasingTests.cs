using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

/// <summary>Timeframe and agency phrasings of other provinces' plans (issue 15), and digits other than 0–9 (issue 11).</summary>
public sealed class PublishedPhrasingTests
{
    private static readonly TimeframeContext Plan2025 = new(2025, new DateOnly(2025, 1, 10));

    public static TheoryData<string, TimeframeKind, string, string?> Phrases => new()
    {
        { "Quí IV-2025", TimeframeKind.Deadline, "2025-12-31", "2025-10-01" },
        { "QUÍ I/2025", TimeframeKind.Deadline, "2025-03-31", "2025-01-01" },
        { "Qúy II/2025", TimeframeKind.Deadline, "2025-06-30", "2025-04-01" },
        { "Quý IV/2025", TimeframeKind.Deadline, "2025-12-31", "2025-10-01" },
        { "quý IV năm 2025", TimeframeKind.Deadline, "2025-12-31", "2025-10-01" },
        { "Quý IV 2025", TimeframeKind.Deadline, "2025-12-31", "2025-10-01" },
        { "Tháng 12-2025", TimeframeKind.Deadline, "2025-12-31", "2025-12-01" },
        { "Năm 2025-2026", TimeframeKind.Window, "2026-12-31", "2025-01-01" },
        { "Năm 2025 - 2026", TimeframeKind.Window, "2026-12-31", "2025-01-01" },
    };

    [Theory]
    [MemberData(nameof(Phrases))]
    public void Old_orthography_and_other_separators_read_as_the_usual_phrase(string phrase, TimeframeKind kind, string due, string? start)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2025);

        Assert.Equal(kind, timeframe.Kind);
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), timeframe.DueDate);
        Assert.Equal(start is null ? null : DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), timeframe.StartDate);
        Assert.Null(timeframe.Warning);
        Assert.Equal(phrase, timeframe.Text);
    }

    [Theory]
    [InlineData("a) Quý I/2025; b) Quý III/2025")]
    [InlineData("Sau Tết Nguyên đán")]
    public void A_phrase_still_not_understood_stays_unscheduled_with_a_warning(string phrase)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2025);

        Assert.Equal(TimeframeKind.Unscheduled, timeframe.Kind);
        Assert.Contains("Không đọc được thời gian thực hiện", timeframe.Warning, StringComparison.Ordinal);
    }

    // Digits other than 0–9: \d in .NET matches them all, and int.Parse then throws (issue 11, point 1).

    public static TheoryData<string> NonAsciiTimeframes => new()
    {
        "Quý I/٢٠٢٥",
        "Quý I/２０２５",
        "Tháng ١٢/2025",
        "Tháng １２ năm 2025",
        "Năm ٢٠٢٥",
        "Trước ngày ١٥/١٢/2025",
        "Ngày ٠١/٠٧/2025",
        "١٥ ngày làm việc kể từ ngày nhận hồ sơ",
        "٢ lần/tháng",
        "Từ tháng ٣ đến tháng ١١ hằng năm",
        "Tháng ١٢ hằng năm",
        "Tháng 01/2025 (Cấp xã: ٠٢/2025)",
    };

    [Theory]
    [MemberData(nameof(NonAsciiTimeframes))]
    public void A_timeframe_with_digits_other_than_0_to_9_is_unscheduled_with_a_warning_that_says_so(string phrase)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2025);

        Assert.Equal(TimeframeKind.Unscheduled, timeframe.Kind);
        Assert.Contains("chữ số không phải 0–9", timeframe.Warning, StringComparison.Ordinal);
        Assert.Equal(phrase, timeframe.Text);
    }

    [Theory]
    [InlineData("KẾ HOẠCH KIỂM SOÁT TTHC NĂM ٢٠٢٥", "năm của kế hoạch")]
    [InlineData("KẾ HOẠCH KIỂM SOÁT TTHC NĂM ２０２５", "năm của kế hoạch")]
    [InlineData("KẾ HOẠCH\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/٢٠٢٥)", "ngày ban hành")]
    [InlineData("KẾ HOẠCH\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày ０５ tháng 01 năm 2025)", "ngày ban hành")]
    [InlineData("KẾ HOẠCH\n(Ban hành kèm theo Quyết định số ١٢/QĐ-UBND ngày 05/01/2025)", "ngày ban hành")]
    public void A_preamble_year_or_decision_date_in_other_digits_is_refused_naming_it(string preamble, string what)
    {
        var error = Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.ReadMetadata(preamble));

        Assert.StartsWith($"Phần đầu văn bản ghi {what} bằng chữ số không phải 0–9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_plan_with_a_preamble_year_in_other_digits_is_refused_not_crashed_on()
    {
        const string text = "KẾ HOẠCH KIỂM SOÁT TTHC NĂM ٢٠٢٥\n\n| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Việc A | Sở Tư pháp | Quý I/2025 |\n";

        var error = Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read(text)));

        Assert.Contains("chữ số không phải 0–9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("١")]
    [InlineData("１")]
    public void A_task_number_in_other_digits_is_refused_naming_it(string number)
    {
        var text = $"| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| {number} | Việc A | Sở Tư pháp | Quý I/2025 |\n";

        var error = Assert.Throws<PlanFormatException>(() => PlanTableInterpreter.Interpret(PlanTextReader.Read(text)));

        Assert.Equal($"Dòng 3: số thứ tự \"{number}\" có chữ số không phải 0–9 (chữ số Ả Rập – Ấn Độ hoặc toàn khổ); hãy gõ lại bằng chữ số thường.", error.Message);
    }

    [Fact]
    public void A_plan_whose_timeframe_has_other_digits_compiles_with_an_unscheduled_warning()
    {
        var draft = new PlanDraft(new PlanMetadata(null, null, null, null), [], [new PlanTaskDraft("", 1, "Việc A", "Sở Tư pháp", "", "", "Quý I/٢٠٢٥")]);

        var plan = PlanCompiler.Compile(new PlanIdentity("p", "an-giang", 2025, null, null, null), draft, Samples.AnGiangRegistry);

        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.TimeframeUnscheduled && w.Message.Contains("chữ số không phải 0–9", StringComparison.Ordinal));
    }

    // Post-2025 local government: "UBND xã, phường, đặc khu" is one group.

    [Theory]
    [InlineData("UBND xã, phường, đặc khu")]
    [InlineData("UBND các xã, phường, đặc khu")]
    [InlineData("Ủy ban nhân dân các xã, phường, đặc khu")]
    [InlineData("UBND cấp xã")]
    public void The_communal_level_with_special_zones_is_one_group_in_the_two_tier_sample(string phrase)
    {
        var resolution = Samples.AnGiangRegistry.CreateResolver().Resolve(phrase);

        var part = Assert.Single(resolution.Parts);
        Assert.Equal((AgencyPhrasePartKind.Group, "ubnd-cap-xa"), (part.Kind, part.TargetId));
        Assert.Equal(["ubnd-dac-khu-phu-quoc", "ubnd-dac-khu-kien-hai", "ubnd-dac-khu-tho-chau"], resolution.AgencyIds);
    }

    [Theory]
    [InlineData("UBND xã, phường, đặc khu")]
    [InlineData("UBND các xã, phường, đặc khu")]
    public void The_communal_level_with_special_zones_is_one_group_in_the_default_registry(string phrase)
    {
        var part = Assert.Single(DefaultRegistry.Empty.CreateResolver().Resolve(phrase).Parts);

        Assert.Equal((AgencyPhrasePartKind.Group, "ubnd-cap-xa"), (part.Kind, part.TargetId));
    }

    [Fact]
    public void The_two_tier_sample_has_only_province_and_commune_levels()
    {
        Assert.Equal(["tinh", "xa"], Samples.AnGiangRegistry.Levels.Select(l => l.Id));
        Assert.Equal("xa", Samples.AnGiangRegistry.FindLevel("xã, phường, đặc khu")?.Id);
        Assert.All(Samples.AnGiangRegistry.Agencies, a => Assert.True(a.Level is "tinh" or "xa", a.Id));
    }

    [Fact]
    public void A_task_led_by_departments_and_communes_of_a_two_tier_province_is_assigned_to_both_levels_only()
    {
        var draft = new PlanDraft(new PlanMetadata(null, null, null, null), [], [new PlanTaskDraft("", 1, "Việc A", "Sở, ban, ngành tỉnh; UBND xã, phường, đặc khu", "", "", "Quý IV/2025 (Cấp xã: 11/2025)")]);

        var plan = PlanCompiler.Compile(new PlanIdentity("p", "an-giang", 2025, null, null, null), draft, Samples.AnGiangRegistry);

        Assert.Equal(12 + 3, plan.Assignments.Count);
        Assert.All(plan.Assignments.Where(a => a.Level == "xa"), a => Assert.Equal(new DateOnly(2025, 11, 30), a.DueDate));
        Assert.All(plan.Assignments.Where(a => a.Level == "tinh"), a => Assert.Equal(new DateOnly(2025, 12, 31), a.DueDate));
        Assert.Empty(plan.Warnings);
    }
}
