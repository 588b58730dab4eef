using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Reminders;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>
/// A digest longer than a table row holds (an office digest at province scale has thousands of lines): the messages
/// show the first lines and "và N mục khác", the inbox item has every line. Three 2028 plans of 1,700 tasks each, all
/// for Sở Tư pháp and due Quý I/2028 (Fri 31/3/2028): on that day its digest has 5,100 lines.
/// </summary>
public sealed class LongDigestTests(ReminderFixture fixture) : IClassFixture<ReminderFixture>
{
    private const int TasksPerPlan = 1700;
    private const int Plans = 3;
    private const string DigestId = "rem-tien-giang-20280331-so-tu-phap";

    [Fact]
    public async Task Every_line_of_a_5100_line_digest_comes_back_from_the_inbox_while_messages_stop_at_the_cap()
    {
        using var admin = fixture.App.AdminClient();
        for (var p = 1; p <= Plans; p++)
        {
            await SampleData.ImportPlanTextAsync(admin, PlanText(p), $"kh-2028-{p}", year: 2028);
        }

        await ReminderFixture.RunAsync(admin, "2028-03-31");
        using var agency = fixture.Agency(ReminderFixture.Justice);
        await ReminderFixture.WaitForInboxAsync(agency, DigestId);

        var item = await ReminderFixture.GetAsync(agency, $"/api/inbox/{DigestId}");
        var lines = item.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(Plans * TasksPerPlan, item.GetProperty("lineCount").GetInt32());
        Assert.Equal(Plans * TasksPerPlan, lines.Count);
        Assert.Equal(Plans * TasksPerPlan, lines.Select(l => l.GetProperty("link").GetString()).Distinct().Count());
        var digest = await ReminderFixture.GetAsync(admin, $"/api/reminders/digests/{DigestId}");
        Assert.Equal(Plans * TasksPerPlan - 50, digest.GetProperty("linesOmitted").GetInt32());
        Assert.Contains($"và {Plans * TasksPerPlan - 50} mục khác", digest.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(Plans * TasksPerPlan, digest.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task A_long_digest_written_again_by_a_retried_run_keeps_one_list_that_its_row_names()
    {
        var store = fixture.App.Services.GetRequiredService<ReminderStore>();
        var day = new DateOnly(2030, 6, 3);
        var digest = Digest(day, lines: 120);
        var changed = Digest(day, lines: 119);

        // The first run; a retry that computes the same digest; one that computes another (the data changed after a crash).
        await store.AddDigestsAsync(TestApp.Province, [(digest, digest.Render(50), ["inbox"])], TestContext.Current.CancellationToken);
        await store.AddDigestsAsync(TestApp.Province, [(digest, digest.Render(50), ["inbox"])], TestContext.Current.CancellationToken);
        await store.AddDigestsAsync(TestApp.Province, [(changed, changed.Render(50), ["inbox"])], TestContext.Current.CancellationToken);

        var stored = await store.GetDigestAsync(TestApp.Province, digest.Id, TestContext.Current.CancellationToken);
        Assert.NotNull(stored?.LinesBlob);
        Assert.Equal((120, 50), (stored.LineCount, stored.ShownLines.Count));
        Assert.Equal(digest.Lines, await store.GetLinesAsync(stored.LinesBlob, stored.ShownLines, TestContext.Current.CancellationToken));
    }

    private static ReminderDigest Digest(DateOnly day, int lines) => new(TestApp.Province, day, ReminderFixture.Health, "Sở Y tế",
        [.. Enumerable.Range(1, lines).Select(i => new ReminderLine($"kh-2030|so-y-te|{i}", ReminderItemKind.Assignment, ReminderSection.Upcoming, "T-5", "kh-2030",
            i.ToString(CultureInfo.InvariantCulture), ReminderFixture.Health, null, $"Nhiệm vụ {i}", day.AddDays(7), null, $"/api/plans/kh-2030/assignments/so-y-te/{i}"))]);

    private static string PlanText(int plan)
    {
        var text = new StringBuilder("| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n");
        for (var i = 1; i <= TasksPerPlan; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {i} | Rà soát thủ tục hành chính nhóm {plan}.{i} | Sở Tư pháp | Quý I/2028 |\n");
        }

        return text.ToString();
    }
}
