using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Reminders;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>The day's run through <c>POST /api/reminders/runs</c>: once per day, outbox first, delivered to the inbox.</summary>
public sealed class ReminderRunTests(ReminderFixture fixture) : IClassFixture<ReminderFixture>
{
    [Fact]
    public async Task A_run_writes_one_digest_to_each_agency_with_something_due()
    {
        using var admin = fixture.App.AdminClient();

        var run = await ReminderFixture.RunAsync(admin, "2026-03-24");

        Assert.Equal(("done", 2, 2), (run.GetProperty("status").GetString(), run.GetProperty("digests").GetInt32(), run.GetProperty("created").GetInt32()));
        var digest = await ReminderFixture.GetAsync(admin, "/api/reminders/digests/rem-tien-giang-20260324-so-tu-phap");
        var line = Assert.Single(digest.GetProperty("lines").EnumerateArray());
        Assert.Equal(("T-5", "1", "Nhắc việc ngày 24/03/2026"),
            (line.GetProperty("ruleId").GetString(), line.GetProperty("taskId").GetString(), digest.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task Running_a_day_again_adds_nothing()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-27");

        var again = await ReminderFixture.RunAsync(admin, "2026-03-27");

        Assert.Equal(("already-done", 0), (again.GetProperty("status").GetString(), again.GetProperty("created").GetInt32()));
    }

    [Fact]
    public async Task Two_concurrent_runs_of_a_day_write_one_digest_per_recipient()
    {
        using var admin = fixture.App.AdminClient();
        using var first = admin.PostAsync(new Uri("/api/reminders/runs?date=2026-03-31", UriKind.Relative), null, TestContext.Current.CancellationToken);
        using var second = admin.PostAsync(new Uri("/api/reminders/runs?date=2026-03-31", UriKind.Relative), null, TestContext.Current.CancellationToken);
        var answers = await Task.WhenAll(first, second);

        var created = 0;
        foreach (var answer in answers)
        {
            Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                created += JsonDocument.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("created").GetInt32();
            }

            answer.Dispose();
        }

        Assert.Equal(2, created);
        var inbox = await ReminderFixture.WaitForInboxAsync(fixture.Agency(ReminderFixture.Justice), "rem-tien-giang-20260331-so-tu-phap");
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == "rem-tien-giang-20260331-so-tu-phap");
    }

    [Fact]
    public async Task A_crash_between_outbox_and_queue_is_completed_by_the_next_run()
    {
        // What a run that died after writing the outbox leaves: a claim from an hour ago and a digest whose channel is queued.
        var store = fixture.App.Services.GetRequiredService<ReminderStore>();
        var day = new DateOnly(2026, 6, 23);
        fixture.Clock.Set(DateTimeOffset.UtcNow.AddHours(-1));
        try
        {
            Assert.NotNull(await store.TryClaimAsync(TestApp.Province, day, TestContext.Current.CancellationToken));
            var digest = new ReminderDigest(TestApp.Province, day, ReminderFixture.Justice, "Sở Tư pháp",
                [new ReminderLine("kh-2026|so-tu-phap|3", ReminderItemKind.Assignment, ReminderSection.Upcoming, "T-5", ReminderFixture.PlanId, "3",
                    ReminderFixture.Justice, null, "Báo cáo kết quả rà soát quy định", new DateOnly(2026, 6, 30), null, "/api/plans/kh-2026/assignments/so-tu-phap/3")]);
            await store.AddDigestsAsync(TestApp.Province, [(digest, digest.Render(50), ["inbox"])], TestContext.Current.CancellationToken);
        }
        finally
        {
            fixture.Clock.Reset();
        }

        using var admin = fixture.App.AdminClient();
        var run = await ReminderFixture.RunAsync(admin, "2026-06-23");

        Assert.Equal(("done", 0), (run.GetProperty("status").GetString(), run.GetProperty("created").GetInt32()));
        var delivered = await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260623-so-tu-phap", d => ReminderFixture.ChannelState(d, "inbox") == "sent");
        Assert.Equal(1, delivered.GetProperty("lineCount").GetInt32());
    }

    [Fact]
    public async Task A_fresh_claim_of_another_run_answers_409()
    {
        var store = fixture.App.Services.GetRequiredService<ReminderStore>();
        Assert.NotNull(await store.TryClaimAsync(TestApp.Province, new DateOnly(2026, 6, 24), TestContext.Current.CancellationToken));
        using var admin = fixture.App.AdminClient();

        await ReminderFixture.RunAsync(admin, "2026-06-24", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Nothing_is_sent_on_a_Tet_weekday()
    {
        using var admin = fixture.App.AdminClient();

        var run = await ReminderFixture.RunAsync(admin, "2026-02-18");

        Assert.Equal(("not-a-working-day", 0), (run.GetProperty("status").GetString(), run.GetProperty("digests").GetInt32()));
    }

    [Fact]
    public async Task A_day_the_calendar_does_not_cover_is_refused_with_400()
    {
        using var admin = fixture.App.AdminClient();

        var problem = await ReminderFixture.RunAsync(admin, "2035-01-02", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("date", out _));
    }

    [Fact]
    public async Task A_date_not_written_yyyy_MM_dd_is_refused_with_400()
    {
        using var admin = fixture.App.AdminClient();

        await ReminderFixture.RunAsync(admin, "24/03/2026", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_digest_that_does_not_exist_is_404()
    {
        using var admin = fixture.App.AdminClient();

        await ReminderFixture.GetAsync(admin, "/api/reminders/digests/rem-tien-giang-20260324-khong-co", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_timer_runs_the_day_of_the_clock_in_Vietnam()
    {
        // 01:00 UTC on Thu 26/3/2026 is 08:00 in Vietnam.
        fixture.Clock.Set(new DateTimeOffset(2026, 3, 26, 1, 0, 0, TimeSpan.Zero));
        try
        {
            using var host = fixture.App.CreateClient();
            using var response = await host.PostAsync(new Uri("/DailyReminders", UriKind.Relative),
                new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"DailyReminders"}}}""", System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        }
        finally
        {
            fixture.Clock.Reset();
        }

        using var admin = fixture.App.AdminClient();
        var run = await ReminderFixture.GetAsync(admin, "/api/reminders/runs/2026-03-26");
        Assert.Equal("done", run.GetProperty("status").GetString());
    }
}
