using TthcServerless.Domain.Reminders;

namespace TthcServerless.Domain.Tests.Reminders;

public sealed class ReminderDigestTests
{
    private static readonly DateOnly Day = new(2026, 2, 10);

    [Fact]
    public void A_digest_is_titled_with_its_day()
    {
        Assert.Equal("Nhắc việc ngày 10/02/2026", Digest(1).Render(50).Subject);
    }

    [Fact]
    public void A_digest_id_names_province_day_and_recipient()
    {
        Assert.Equal("rem-tien-giang-20260210-so-tu-phap", Digest(1).Id);
    }

    [Fact]
    public void A_digest_id_reads_back_into_its_day_and_recipient()
    {
        Assert.Equal((Day, "so-tu-phap"), ReminderDigest.ParseId("tien-giang", "rem-tien-giang-20260210-so-tu-phap"));
    }

    [Theory]
    [InlineData("rem-other-20260210-so-tu-phap")]
    [InlineData("rem-tien-giang-2026021-so")]
    [InlineData("rem-tien-giang-20261310-so")]
    [InlineData("rem-tien-giang-20260210-")]
    public void Something_else_is_not_a_digest_id(string id)
    {
        Assert.Null(ReminderDigest.ParseId("tien-giang", id));
    }

    [Fact]
    public void A_long_digest_is_capped_with_the_number_left_out()
    {
        var message = Digest(60).Render(50);

        Assert.Equal((50, 10), (message.LinesShown, message.LinesOmitted));
        Assert.Contains("và 10 mục khác", message.Text, StringComparison.Ordinal);
        Assert.Contains("và 10 mục khác", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_appear_in_order_with_their_counts()
    {
        var digest = Digest(2) with
        {
            Lines = [Line(ReminderSection.Upcoming, "I.2", null), Line(ReminderSection.Overdue, "I.1", 3)],
        };

        var text = digest.Render(50).Text;

        Assert.True(text.IndexOf("Quá hạn (1)", StringComparison.Ordinal) < text.IndexOf("Sắp đến hạn (1)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_shows_plan_task_content_due_date_days_overdue_and_link()
    {
        var text = (Digest(0) with { Lines = [Line(ReminderSection.Overdue, "I.1", 3)] }).Render(50, new Uri("https://tthc.example.vn")).Text;

        Assert.Contains("- [p-2026] I.1: Rà soát — hạn 24/02/2026, quá hạn 3 ngày làm việc — https://tthc.example.vn/api/plans/p-2026/assignments/a/I.1", text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Html_escapes_what_the_plan_says()
    {
        var digest = Digest(0) with { Lines = [Line(ReminderSection.Upcoming, "I.1", null) with { Text = "<b>x</b>" }] };

        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", digest.Render(50).Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_content_is_shortened_at_a_word()
    {
        Assert.Equal("Rà soát thủ…", ReminderPlanner.Shorten("Rà soát thủ tục hành chính", 14));
    }

    [Fact]
    public void The_default_rules_are_sound()
    {
        Assert.Empty(ReminderRules.Default.FindProblems());
    }

    [Fact]
    public void A_zero_day_cadence_is_refused()
    {
        var rules = ReminderRules.Default with { FeedbackAnswer = ReminderRules.Default.FeedbackAnswer with { RepeatEvery = 0 } };

        Assert.Contains("FeedbackAnswer.RepeatEvery: must be 1–260 working days.", rules.FindProblems());
    }

    private static ReminderDigest Digest(int lines) =>
        new("tien-giang", Day, "so-tu-phap", "Sở Tư pháp", [.. Enumerable.Range(1, lines).Select(i => Line(ReminderSection.Upcoming, $"I.{i}", null))]);

    private static ReminderLine Line(ReminderSection section, string taskId, int? overdue) =>
        new($"p|a|{taskId}", ReminderItemKind.Assignment, section, "T-5", "p-2026", taskId, "a", null, "Rà soát", new DateOnly(2026, 2, 24), overdue,
            $"/api/plans/p-2026/assignments/a/{taskId}");
}
