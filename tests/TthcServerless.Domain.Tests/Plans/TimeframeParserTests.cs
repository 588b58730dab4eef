using System.Text;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

public sealed class TimeframeParserTests
{
    private static readonly TimeframeContext Plan2022 = new(2022, new DateOnly(2022, 1, 7));

    /// <summary>Every phrase of the Tiền Giang 2022 plan and of the phrase forms of docs/regulations.md §5, with what it means.</summary>
    public static TheoryData<string, TimeframeKind, string?> Phrases => new()
    {
        // The seed plan.
        { "Tháng 01/2022 (Cấp xã: 02/2022)", TimeframeKind.Deadline, "2022-01-31" },
        { "Quý I/2022", TimeframeKind.Deadline, "2022-03-31" },
        { "Thường xuyên", TimeframeKind.Recurring, null },
        { "Theo hướng dẫn của Văn phòng Chính phủ", TimeframeKind.EventDriven, null },
        { "Theo thư mời của Văn phòng Chính phủ", TimeframeKind.EventDriven, null },
        { "Theo Kế hoạch hoặc đề nghị của các đơn vị", TimeframeKind.EventDriven, null },
        { "Theo Kế hoạch", TimeframeKind.EventDriven, null },
        { "Theo hướng dẫn của Văn phòng Chính phủ, bộ ngành liên quan", TimeframeKind.EventDriven, null },
        { "Theo hướng dẫn", TimeframeKind.EventDriven, null },
        { "Định kỳ hoặc đột xuất", TimeframeKind.Recurring, null },
        { "Theo Kế hoạch kiểm tra", TimeframeKind.EventDriven, null },
        { "Tháng 01/2023", TimeframeKind.Deadline, "2023-01-31" },

        // The phrase forms of docs/regulations.md §5.
        { "Thường xuyên.", TimeframeKind.Recurring, null },
        { "Thực hiện thường xuyên.", TimeframeKind.Recurring, null },
        { "Thường xuyên, theo yêu cầu nhiệm vụ.", TimeframeKind.Recurring, null },
        { "Thường xuyên, hằng năm", TimeframeKind.Recurring, null },
        { "Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính", TimeframeKind.Recurring, null },
        { "Hằng năm", TimeframeKind.Recurring, null },
        { "Hằng năm.", TimeframeKind.Recurring, null },
        { "Hàng năm", TimeframeKind.Recurring, null },
        { "Tháng 12 hằng năm", TimeframeKind.Recurring, "2022-12-31" },
        { "Từ tháng 3 đến tháng 11 hằng năm.", TimeframeKind.Recurring, "2022-11-30" },
        { "02 lần/tháng", TimeframeKind.Recurring, null },
        { "02 tháng (tháng 4 và tháng 8)", TimeframeKind.Recurring, "2022-08-31" },
        { "08 tháng (từ tháng 3 đến tháng 10)", TimeframeKind.Recurring, "2022-10-31" },
        { "Quý IV/2025", TimeframeKind.Deadline, "2025-12-31" },
        { "Quý IV/2026", TimeframeKind.Deadline, "2026-12-31" },
        { "Quý II/2027", TimeframeKind.Deadline, "2027-06-30" },
        { "Quý I/2030", TimeframeKind.Deadline, "2030-03-31" },
        { "Quý II/2030", TimeframeKind.Deadline, "2030-06-30" },
        { "Quý III Năm 2026", TimeframeKind.Deadline, "2026-09-30" },
        { "Quý IV/2025- Quý II/2026", TimeframeKind.Window, "2026-06-30" },
        { "Quý IV năm 2025 và các năm tiếp theo.", TimeframeKind.Recurring, "2025-12-31" },
        { "Tháng 12/2025.", TimeframeKind.Deadline, "2025-12-31" },
        { "Trước ngày 30/11/2025", TimeframeKind.Deadline, "2025-11-29" },
        { "Từ 01/7/2025.", TimeframeKind.Window, null },
        { "Năm 2026", TimeframeKind.Deadline, "2026-12-31" },
        { "Năm 2025 - 2026", TimeframeKind.Window, "2026-12-31" },
        { "Năm 2025-2030", TimeframeKind.Window, "2030-12-31" },
        { "Hoàn thành trong năm 2025.", TimeframeKind.Deadline, "2025-12-31" },
        { "Ban hành trong quý I năm 2026", TimeframeKind.Deadline, "2026-03-31" },
        { "Ban hành trong năm 2026", TimeframeKind.Deadline, "2026-12-31" },
        { "Giai đoạn 2026 - 2027", TimeframeKind.Window, "2027-12-31" },
        { "2026 - 2030", TimeframeKind.Window, "2030-12-31" },
        { "2026-2030", TimeframeKind.Window, "2030-12-31" },
        { "Từ năm 2026 - 2030.", TimeframeKind.Window, "2030-12-31" },
        { "Giai đoạn 2026-2030 và những năm tiếp theo.", TimeframeKind.Recurring, "2030-12-31" },
        { "Năm 2025 và các năm tiếp theo.", TimeframeKind.Recurring, "2025-12-31" },
        { "Năm 2026 và các năm tiếp theo.", TimeframeKind.Recurring, "2026-12-31" },
        { "Từ nay đến hết năm 2025.", TimeframeKind.Window, "2025-12-31" },
        { "Từ tháng 10/2025 đến khi tổ chức thành công Đại hội Đại biểu toàn quốc lần thứ XIV của Đảng.", TimeframeKind.Window, null },
        { "Khi có phát sinh.", TimeframeKind.EventDriven, null },
        { "Sau khi có Quy chế của TW", TimeframeKind.EventDriven, null },
        { "Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo.", TimeframeKind.EventDriven, null },
        { "Theo kế hoạch", TimeframeKind.EventDriven, null },
        { "Theo Kế hoạch riêng", TimeframeKind.EventDriven, null },
        { "Theo kế hoạch công tác tư pháp hàng năm.", TimeframeKind.EventDriven, null },
        { "Theo Kế hoạch bồi dưỡng công chức, viên chức hàng năm.", TimeframeKind.EventDriven, null },
        { "Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành.", TimeframeKind.EventDriven, null },
        { "Trong thời gian 15 ngày làm việc kể từ ngày nhận đầy đủ báo cáo, kết quả xác định, phân định của các địa phương.", TimeframeKind.EventDriven, null },

        // The brief's phrases that no source confirmed but plans plausibly use.
        { "Trước ngày 15/12", TimeframeKind.Recurring, "2022-12-14" },
        { "Hằng quý", TimeframeKind.Recurring, null },
        { "6 tháng, năm", TimeframeKind.Recurring, null },
        { "6 tháng đầu năm 2026", TimeframeKind.Deadline, "2026-06-30" },
    };

    [Theory]
    [MemberData(nameof(Phrases))]
    public void Every_known_phrase_is_read_into_its_kind_and_due_date(string phrase, TimeframeKind kind, string? due)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2022);

        Assert.Equal(kind, timeframe.Kind);
        Assert.Equal(due is null ? null : DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), timeframe.DueDate);
        Assert.Equal(phrase, timeframe.Text);
        Assert.Null(timeframe.Warning);
    }

    [Fact]
    public void A_level_specific_due_date_applies_to_that_level_only()
    {
        var timeframe = TimeframeParser.Parse("Tháng 01/2022 (Cấp xã: 02/2022)", Plan2022);

        var levelDue = Assert.Single(timeframe.LevelDueDates);
        Assert.Equal("Cấp xã", levelDue.Level);
        Assert.Equal(new DateOnly(2022, 2, 28), levelDue.DueDate);
        Assert.Equal(new DateOnly(2022, 2, 28), timeframe.DueDateFor(level => level == "Cấp xã"));
        Assert.Equal(new DateOnly(2022, 1, 31), timeframe.DueDateFor(_ => false));
    }

    [Fact]
    public void Several_level_specific_due_dates_are_all_read()
    {
        var timeframe = TimeframeParser.Parse("Quý I/2022 (Cấp huyện: 04/2022; cấp xã: 05/2022)", Plan2022);

        Assert.Equal([new DateOnly(2022, 4, 30), new DateOnly(2022, 5, 31)], timeframe.LevelDueDates.Select(l => l.DueDate));
    }

    [Fact]
    public void A_month_is_due_on_its_last_day_in_a_leap_year_too()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), TimeframeParser.Parse("Tháng 02/2024", Plan2022).DueDate);
    }

    [Fact]
    public void Before_a_date_means_due_the_day_before()
    {
        var timeframe = TimeframeParser.Parse("Trước ngày 01/3/2022", Plan2022);

        Assert.Equal(new DateOnly(2022, 2, 28), timeframe.DueDate);
        Assert.Equal(DatePrecision.Day, timeframe.Precision);
    }

    [Fact]
    public void An_exact_day_is_due_that_day()
    {
        Assert.Equal(new DateOnly(2022, 6, 15), TimeframeParser.Parse("Chậm nhất ngày 15/6/2022", Plan2022).DueDate);
    }

    [Fact]
    public void Event_driven_phrases_keep_who_they_depend_on_as_written()
    {
        var timeframe = TimeframeParser.Parse("Theo hướng dẫn của Văn phòng Chính phủ", Plan2022);

        Assert.Equal(EventTriggerKind.Guidance, timeframe.Trigger);
        Assert.Equal("Văn phòng Chính phủ", timeframe.Reference);
    }

    [Fact]
    public void An_invitation_is_its_own_trigger()
    {
        Assert.Equal(EventTriggerKind.Invitation, TimeframeParser.Parse("Theo thư mời của Văn phòng Chính phủ", Plan2022).Trigger);
    }

    [Fact]
    public void A_working_day_limit_after_an_event_keeps_the_number_and_the_event()
    {
        var timeframe = TimeframeParser.Parse("Trong thời gian 15 ngày làm việc kể từ ngày nhận đầy đủ báo cáo", Plan2022);

        Assert.Equal(15, timeframe.WorkingDays);
        Assert.Equal("ngày nhận đầy đủ báo cáo", timeframe.Reference);
    }

    [Fact]
    public void Ongoing_work_with_a_quarterly_report_duty_says_both()
    {
        var timeframe = TimeframeParser.Parse("Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính", Plan2022);

        Assert.Equal(RecurrenceKind.Continuous, timeframe.Recurrence);
        Assert.Equal(RecurrenceKind.Quarterly, timeframe.ReportingCadence);
    }

    [Fact]
    public void Periodic_or_ad_hoc_is_its_own_recurrence()
    {
        Assert.Equal(RecurrenceKind.PeriodicOrOnDemand, TimeframeParser.Parse("Định kỳ hoặc đột xuất", Plan2022).Recurrence);
    }

    [Fact]
    public void Twice_a_month_is_a_monthly_recurrence_with_two_occurrences()
    {
        var timeframe = TimeframeParser.Parse("02 lần/tháng", Plan2022);

        Assert.Equal(RecurrenceKind.Monthly, timeframe.Recurrence);
        Assert.Equal(2, timeframe.TimesPerPeriod);
    }

    [Fact]
    public void A_window_ending_with_an_event_keeps_the_event()
    {
        var timeframe = TimeframeParser.Parse("Từ tháng 10/2025 đến khi tổ chức thành công Đại hội", Plan2022);

        Assert.Equal(new DateOnly(2025, 10, 1), timeframe.StartDate);
        Assert.Equal("tổ chức thành công Đại hội", timeframe.EndEvent);
    }

    [Fact]
    public void From_now_starts_on_the_day_the_plan_was_issued()
    {
        Assert.Equal(new DateOnly(2022, 1, 7), TimeframeParser.Parse("Từ nay đến hết năm 2025.", Plan2022).StartDate);
    }

    [Theory]
    [InlineData("xin chào")]
    [InlineData("Quý V/2022")]
    [InlineData("Tháng 13/2022")]
    [InlineData("31/02/2022")]
    public void An_unknown_or_impossible_phrase_is_unscheduled_with_a_warning_and_never_throws(string phrase)
    {
        var timeframe = TimeframeParser.Parse(phrase, Plan2022);

        Assert.Equal(TimeframeKind.Unscheduled, timeframe.Kind);
        Assert.Equal(phrase, timeframe.Text);
        Assert.Contains(phrase, timeframe.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_cell_is_unscheduled_with_a_warning()
    {
        var timeframe = TimeframeParser.Parse("\u00A0", Plan2022);

        Assert.Equal(TimeframeKind.Unscheduled, timeframe.Kind);
        Assert.NotNull(timeframe.Warning);
    }

    [Fact]
    public void Decomposed_diacritics_and_odd_spacing_read_the_same()
    {
        var messy = TimeframeParser.Parse("  quý   i/2022 ".Normalize(NormalizationForm.FormD), Plan2022);

        Assert.Equal(new DateOnly(2022, 3, 31), messy.DueDate);
    }
}
