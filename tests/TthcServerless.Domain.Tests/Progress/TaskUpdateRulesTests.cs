using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Tests.Progress;

public sealed class TaskUpdateRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static List<FieldError> Progress(TaskProgressStatus status, int? percent, DateOnly? completedOn)
    {
        var errors = new List<FieldError>();
        TaskUpdateRules.CheckProgress(status, percent, completedOn, Today, errors);
        return errors;
    }

    [Fact]
    public void Completed_needs_a_completion_date()
    {
        Assert.Contains(Progress(TaskProgressStatus.Completed, 100, null), e => e.Field == "completedOn");
    }

    [Fact]
    public void A_completion_date_is_only_for_completed_tasks()
    {
        Assert.Contains(Progress(TaskProgressStatus.InProgress, 50, Today), e => e.Field == "completedOn");
    }

    [Fact]
    public void A_task_cannot_be_completed_tomorrow()
    {
        Assert.Contains(Progress(TaskProgressStatus.Completed, 100, Today.AddDays(1)), e => e.Field == "completedOn");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Progress_is_a_percentage(int percent)
    {
        Assert.Contains(Progress(TaskProgressStatus.InProgress, percent, null), e => e.Field == "progressPercent");
    }

    [Fact]
    public void Completed_at_less_than_100_percent_is_contradictory()
    {
        Assert.Contains(Progress(TaskProgressStatus.Completed, 60, Today), e => e.Field == "progressPercent");
    }

    [Fact]
    public void A_consistent_report_has_no_errors()
    {
        Assert.Empty(Progress(TaskProgressStatus.Completed, 100, Today));
        Assert.Empty(Progress(TaskProgressStatus.InProgress, 40, null));
        Assert.Empty(Progress(TaskProgressStatus.NotStarted, null, null));
    }

    [Fact]
    public void Text_is_normalised_to_NFC_with_unix_line_ends()
    {
        var errors = new List<FieldError>();

        var text = FieldText.Clean("  Đã ban hành\r\nKế hoạch  ".Normalize(System.Text.NormalizationForm.FormD), "summary", 100, multiline: true, errors);

        Assert.Equal("Đã ban hành\nKế hoạch".Normalize(System.Text.NormalizationForm.FormC), text);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("abc\u0000def")]
    [InlineData("abc\u0007")]
    [InlineData("line\u2028break")]
    public void Control_characters_are_refused(string value)
    {
        var errors = new List<FieldError>();

        Assert.Null(FieldText.Clean(value, "summary", 100, multiline: true, errors));
        Assert.Single(errors);
    }

    [Fact]
    public void A_line_break_is_refused_in_a_single_line_field()
    {
        var errors = new List<FieldError>();

        FieldText.Clean("45/QĐ\n-UBND", "outputDocument.number", 100, multiline: false, errors);

        Assert.Single(errors);
    }

    [Fact]
    public void Text_over_the_limit_is_refused_not_cut()
    {
        var errors = new List<FieldError>();

        Assert.Null(FieldText.Clean(new string('ạ', 4001), "summary", TaskUpdateRules.MaxTextLength, multiline: true, errors));
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("-2+3")]
    public void Text_that_looks_like_a_spreadsheet_formula_is_stored_as_given(string value)
    {
        var errors = new List<FieldError>();

        Assert.Equal(value, FieldText.Clean(value, "summary", 100, multiline: true, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("- Đã ban hành kế hoạch")]
    [InlineData("Tỷ lệ = 95%")]
    [InlineData("' or true")]
    [InlineData("email@example.vn")]
    public void Dash_bullets_and_symbols_inside_text_are_ordinary_text(string value)
    {
        var errors = new List<FieldError>();

        Assert.Equal(value, FieldText.Clean(value, "summary", 100, multiline: true, errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void Without_a_period_the_report_speaks_for_the_month_containing_today()
    {
        var errors = new List<FieldError>();

        Assert.Equal("2026-12", TaskUpdateRules.ResolvePeriod(null, Today, ReportingCalendar.Default, errors)!.Id);
    }

    [Fact]
    public void A_period_that_has_not_started_is_refused()
    {
        var errors = new List<FieldError>();

        Assert.Null(TaskUpdateRules.ResolvePeriod("2027-Q2", Today, ReportingCalendar.Default, errors));
        Assert.Single(errors);
    }

    [Fact]
    public void A_past_quarter_is_a_valid_period()
    {
        var errors = new List<FieldError>();

        Assert.Equal("2026-Q3", TaskUpdateRules.ResolvePeriod("2026-Q3", Today, ReportingCalendar.Default, errors)!.Id);
        Assert.Empty(errors);
    }
}
