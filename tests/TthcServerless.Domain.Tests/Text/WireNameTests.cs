using System.Text.Json;
using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Tests.Text;

/// <summary>One rule names an enum member on the wire: its explicit JSON name, otherwise kebab case.</summary>
public sealed class WireNameTests
{
    [Fact]
    public void A_member_without_an_explicit_name_is_written_in_kebab_case()
    {
        Assert.Equal("in-progress", WireName.Of(TaskProgressStatus.InProgress));
        Assert.Equal("phan-anh", WireName.Of(FeedbackKind.PhanAnh));
    }

    [Fact]
    public void An_explicit_json_name_wins() => Assert.Equal("make-up-working-day", WireName.Of(CalendarDayKind.MakeUpWorkingDay));

    [Fact]
    public void Parsing_is_exact_and_lists_every_choice_in_order()
    {
        Assert.True(WireName.TryParse<TaskProgressStatus>("not-started", out var status));
        Assert.Equal(TaskProgressStatus.NotStarted, status);
        Assert.False(WireName.TryParse<TaskProgressStatus>("Not-Started", out _));
        Assert.False(WireName.TryParse<TaskProgressStatus>(null, out _));
        Assert.Equal(["not-started", "in-progress", "completed"], WireName.All<TaskProgressStatus>());
    }

    [Fact]
    public void The_json_converter_writes_the_same_names_and_refuses_numbers()
    {
        Assert.Equal("\"day-off\"", JsonSerializer.Serialize(CalendarDayKind.DayOff));
        Assert.Equal(CalendarYearMode.Replace, JsonSerializer.Deserialize<CalendarYearMode>("\"replace\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CalendarDayKind>("1"));
    }
}
