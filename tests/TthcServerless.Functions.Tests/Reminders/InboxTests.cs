using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Reminders;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>The inbox channel: every digest delivered, newest first, with unread counts; each agency sees its own.</summary>
public sealed class InboxTests(ReminderFixture fixture) : IClassFixture<ReminderFixture>
{
    private const string Justice = ReminderFixture.Justice;

    [Fact]
    public async Task An_agency_sees_its_own_digests_newest_first()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-24");
        await ReminderFixture.RunAsync(admin, "2026-03-27");
        using var agency = fixture.Agency(Justice);

        var page = await ReminderFixture.WaitForInboxAsync(agency, "rem-tien-giang-20260327-so-tu-phap");
        page = await ReminderFixture.WaitForInboxAsync(agency, "rem-tien-giang-20260324-so-tu-phap");

        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToList();
        Assert.True(ids.IndexOf("rem-tien-giang-20260327-so-tu-phap") < ids.IndexOf("rem-tien-giang-20260324-so-tu-phap"));
        Assert.Equal(Justice, page.GetProperty("recipient").GetString());
    }

    [Fact]
    public async Task The_unread_count_is_the_number_of_items_not_read()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-24");
        using var agency = fixture.Agency(Justice);

        var page = await ReminderFixture.WaitForInboxAsync(agency, "rem-tien-giang-20260324-so-tu-phap");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count(i => !i.GetProperty("read").GetBoolean()), page.GetProperty("unread").GetInt32());
        Assert.Equal(items.Count, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Marking_an_item_read_lowers_the_unread_count_by_one()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-31");
        using var agency = fixture.Agency(Justice);
        var before = await ReminderFixture.WaitForInboxAsync(agency, "rem-tien-giang-20260331-so-tu-phap");

        using var response = await agency.PostAsync(new Uri("/api/inbox/rem-tien-giang-20260331-so-tu-phap/read", UriKind.Relative), null, TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);

        // Digests of other tests may still arrive meanwhile: compare the items that were there before.
        var after = await ReminderFixture.GetAsync(agency, "/api/inbox");
        var earlier = Ids(before, read: null);
        Assert.Equal(Ids(before, read: false).Where(id => id != "rem-tien-giang-20260331-so-tu-phap"), Ids(after, read: false).Where(earlier.Contains));
        Assert.Contains("rem-tien-giang-20260331-so-tu-phap", Ids(after, read: true));
    }

    [Fact]
    public async Task An_inbox_item_holds_every_line_of_the_digest()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-24");
        using var agency = fixture.Agency(Justice);

        await ReminderFixture.WaitForInboxAsync(agency, "rem-tien-giang-20260324-so-tu-phap");

        var item = await ReminderFixture.GetAsync(agency, "/api/inbox/rem-tien-giang-20260324-so-tu-phap");
        var line = Assert.Single(item.GetProperty("lines").EnumerateArray());
        Assert.Equal("/api/plans/kh-2026/assignments/so-tu-phap/1", line.GetProperty("link").GetString());
    }

    [Fact]
    public async Task An_agency_may_not_read_another_agency_s_inbox()
    {
        using var agency = fixture.Agency(Justice);

        await ReminderFixture.GetAsync(agency, "/api/inbox?recipient=so-y-te", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_agency_may_not_read_another_agency_s_item()
    {
        using var agency = fixture.Agency(Justice);

        await ReminderFixture.GetAsync(agency, "/api/inbox/rem-tien-giang-20260324-so-y-te", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_item_that_does_not_exist_is_404()
    {
        using var agency = fixture.Agency(Justice);

        await ReminderFixture.GetAsync(agency, "/api/inbox/rem-tien-giang-20200101-so-tu-phap", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_unread_count_agrees_with_the_items_listed_while_digests_arrive_and_are_read()
    {
        // A recipient of its own, filled straight through the inbox channel's store while the API lists and marks it.
        const string recipient = "so-dong-thoi";
        var store = fixture.App.Services.GetRequiredService<ReminderStore>();
        using var admin = fixture.App.AdminClient();
        var days = Enumerable.Range(0, 40).Select(i => new DateOnly(2030, 1, 1).AddDays(i)).ToList();
        var delivered = Task.Run(async () =>
        {
            foreach (var day in days)
            {
                var id = $"rem-{TestApp.Province}-{day:yyyyMMdd}-{recipient}";
                await store.AddToInboxAsync(TestApp.Province, new StoredDigest(id, day, recipient, null, new ReminderMessage($"Nhắc việc ngày {day:dd/MM/yyyy}", "", "", 0, 0),
                    [], 0, null, DateTimeOffset.UtcNow, [], default), TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);
        var marked = Task.Run(async () =>
        {
            foreach (var day in days.Where((_, i) => i % 2 == 0))
            {
                using var response = await admin.PostAsync(new Uri($"/api/inbox/rem-{TestApp.Province}-{day:yyyyMMdd}-{recipient}/read", UriKind.Relative), null, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);

        var pages = 0;
        while (!delivered.IsCompleted || !marked.IsCompleted || pages == 0)
        {
            var page = await ReminderFixture.GetAsync(admin, $"/api/inbox?recipient={recipient}&pageSize=100");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(items.Count, page.GetProperty("total").GetInt32());
            Assert.Equal(items.Count(i => !i.GetProperty("read").GetBoolean()), page.GetProperty("unread").GetInt32());
            pages++;
        }

        await Task.WhenAll(delivered, marked);
    }

    [Fact]
    public async Task An_agency_may_not_mark_another_agency_s_item()
    {
        using var agency = fixture.Agency(Justice);

        using var response = await agency.PostAsync(new Uri("/api/inbox/rem-tien-giang-20260324-so-y-te/read", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_reads_an_agency_s_inbox_by_recipient()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-24");

        var page = await ReminderFixture.WaitForInboxAsync(admin, "rem-tien-giang-20260324-so-y-te", "?recipient=so-y-te");

        Assert.Equal("so-y-te", page.GetProperty("recipient").GetString());
    }

    [Fact]
    public async Task The_admin_s_own_inbox_is_the_office_s_with_the_escalations()
    {
        // Tue 14/4/2026 is ten working days after 31/3 (1, 2, 3, 6, 7, 8, 9, 10, 13, 14 April): both agencies' Quý I tasks go to the office.
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-04-14");

        var page = await ReminderFixture.WaitForInboxAsync(admin, "rem-tien-giang-20260414-office");

        Assert.Equal("office", page.GetProperty("recipient").GetString());
        var item = await ReminderFixture.GetAsync(admin, "/api/inbox/rem-tien-giang-20260414-office");
        Assert.Equal(["Sở Tư pháp", "Sở Y tế"], item.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("agencyName").GetString()).Order());
    }

    [Fact]
    public async Task An_analyst_key_has_no_inbox()
    {
        using var analyst = fixture.App.ClientWithKey(fixture.AnalystKey);

        await ReminderFixture.GetAsync(analyst, "/api/inbox", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Marking_an_item_that_does_not_exist_is_404()
    {
        using var agency = fixture.Agency(Justice);

        using var response = await agency.PostAsync(new Uri("/api/inbox/rem-tien-giang-20200101-so-tu-phap/read", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_bad_page_size_is_refused_with_400()
    {
        using var agency = fixture.Agency(Justice);

        var problem = await ReminderFixture.GetAsync(agency, "/api/inbox?pageSize=0", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out JsonElement _));
    }

    private static List<string> Ids(JsonElement page, bool? read) =>
        [.. page.GetProperty("items").EnumerateArray().Where(i => read is null || i.GetProperty("read").GetBoolean() == read).Select(i => i.GetProperty("itemId").GetString()!)];
}
