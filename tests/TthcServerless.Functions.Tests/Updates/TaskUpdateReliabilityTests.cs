using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Progress;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Updates;

namespace TthcServerless.Functions.Tests.Updates;

/// <summary>Every accepted report is stored once, in order, and reflected in its assignment — whatever the queue and storage do.</summary>
public sealed class TaskUpdateReliabilityTests(UpdatesFixture fixture, AzuriteFixture azurite) : IClassFixture<UpdatesFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Message(int version, params TaskUpdate[] updates) =>
        JsonSerializer.Serialize(new TaskUpdateBatch(version, [.. updates.Select(u => new QueuedTaskUpdate("tien-giang", u))]), ApiJson.Default);

    private static TaskUpdate Update(string taskId, string agencyId, int percent) =>
        new(UpdateIds.New(DateTimeOffset.UtcNow), UpdatesFixture.Plan, taskId, agencyId, DateTimeOffset.UtcNow, "test", TaskProgressStatus.InProgress, percent, null, null, "thử", null, null, "2022-03");

    [Fact]
    public async Task One_agency_reporting_on_more_than_a_hundred_tasks_at_once_gets_every_snapshot()
    {
        var store = fixture.App.Services.GetRequiredService<AssignmentSnapshots>();
        var updates = Enumerable.Range(1, 150).Select(n => Update($"T.{n:D3}", UpdatesFixture.Justice, n % 100) with { PlanId = "many-tasks" }).ToList();

        await store.ApplyAsync("tien-giang", "many-tasks", updates, TestContext.Current.CancellationToken);

        foreach (var update in updates)
        {
            var progress = await store.GetAsync("tien-giang", "many-tasks", UpdatesFixture.Justice, update.TaskId, TestContext.Current.CancellationToken);
            Assert.NotNull(progress);
            Assert.Equal(update.UpdateId, progress.LatestUpdateId);
            Assert.Equal(update.ReportedAt, progress.LatestReportedAt);
            Assert.Equal(TaskProgressStatus.InProgress, progress.Status);
            Assert.Equal(update.ProgressPercent, progress.ProgressPercent);
            Assert.Equal(["2022-03"], progress.ReportedPeriods);
        }
    }

    [Fact]
    public async Task A_message_that_meets_a_table_outage_on_every_attempt_is_put_back_for_later_not_poisoned()
    {
        var connectionString = UnreachableTables.ConnectionString(azurite);
        await using var app = UpdatesFixture.FastQueues(new TestApp(connectionString)).WithKestrel()
            .WithSetting("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", "2");
        var queues = app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>();
        var queue = queues.GetQueueClient($"{app.Prefix}-task-updates");
        var poison = queues.GetQueueClient($"{app.Prefix}-task-updates-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync(Message(1, Update("III.12", UpdatesFixture.Justice, 10)), TestContext.Current.CancellationToken);

        // Put back: the original is deleted once the last attempt answers, and only the delayed copy is left.
        await QueueState.WaitUntilSettledAsync(app, queue, expectedCount: 1, Patience);
        Assert.False(await poison.ExistsAsync(TestContext.Current.CancellationToken) && (await poison.PeekMessagesAsync(1, cancellationToken: TestContext.Current.CancellationToken)).Value.Length > 0);
        Assert.Equal(1, (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync(1, cancellationToken: TestContext.Current.CancellationToken)).Value); // the copy waits, invisible
    }

    [Fact]
    public async Task A_message_delivered_twice_stores_one_history_row()
    {
        var update = Update("III.12", UpdatesFixture.Justice, 30);
        var queue = fixture.Queue("task-updates");
        using var admin = fixture.App.AdminClient();

        await queue.SendMessageAsync(Message(1, update), TestContext.Current.CancellationToken);
        await UpdatesFixture.WaitForOutcomeAsync(admin, update.UpdateId);
        await queue.SendMessageAsync(Message(1, update), TestContext.Current.CancellationToken);
        await QueueState.WaitUntilEmptyAsync(queue, Patience);

        Assert.Single(await fixture.HistoryRowsAsync(), row => row.GetString("UpdateId") == update.UpdateId);
    }

    [Fact]
    public async Task Fifty_concurrent_reports_on_one_assignment_give_fifty_rows_and_the_latest_as_snapshot()
    {
        using var agency = fixture.App.ClientWithKey(fixture.AgencyKeys[UpdatesFixture.Justice]);

        var accepted = await Task.WhenAll(Enumerable.Range(1, 50).Select(async i =>
        {
            using var response = await UpdatesFixture.PostAsync(agency, "III.13", new { status = "in-progress", progressPercent = i });
            await SampleData.EnsureAsync(response, HttpStatusCode.Accepted);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }));
        foreach (var a in accepted)
        {
            Assert.Equal("stored", (await UpdatesFixture.WaitForOutcomeAsync(agency, a.GetProperty("updateId").GetString()!, Patience)).GetProperty("state").GetString());
        }

        var rows = (await fixture.HistoryRowsAsync()).Where(r => r.GetString("TaskId") == "III.13" && r.GetString("AgencyId") == UpdatesFixture.Justice).ToList();
        Assert.Equal(50, rows.Count);
        Assert.Equal(50, rows.Select(r => r.GetString("UpdateId")).Distinct().Count());

        // The latest by reported time, ties broken by id: exactly what the domain's ordering says.
        var latest = accepted.Select(a => (Id: a.GetProperty("updateId").GetString()!, At: a.GetProperty("reportedAt").GetDateTimeOffset()))
            .Aggregate((x, y) => TaskUpdate.CompareRecency(x.At, x.Id, y.At, y.Id) >= 0 ? x : y);
        var snapshot = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/assignments/{UpdatesFixture.Justice}/III.13", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(latest.Id, snapshot.GetProperty("progress").GetProperty("latestUpdateId").GetString());
    }

    [Fact]
    public async Task A_message_that_cannot_be_processed_ends_in_the_poison_queue_and_its_status_says_rejected()
    {
        var update = Update("III.1", UpdatesFixture.Justice, 50);
        var body = Message(99, update);
        var queue = fixture.Queue("task-updates");
        var poison = fixture.Queue("task-updates-poison");
        using var admin = fixture.App.AdminClient();

        await queue.SendMessageAsync(body, TestContext.Current.CancellationToken);

        var outcome = await UpdatesFixture.WaitForOutcomeAsync(admin, update.UpdateId, Patience);
        Assert.Equal("rejected", outcome.GetProperty("state").GetString());
        Assert.Contains("99", outcome.GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(Patience);
        while (!await poison.ExistsAsync(deadline.Token) || (await poison.PeekMessagesAsync(32, deadline.Token)).Value.All(m => m.Body.ToString() != body))
        {
            await Task.Delay(100, deadline.Token);
        }

        Assert.DoesNotContain(await fixture.HistoryRowsAsync(), row => row.GetString("UpdateId") == update.UpdateId);
    }

    [Fact]
    public async Task A_poisoned_update_requeued_once_its_cause_is_fixed_reads_stored()
    {
        var update = Update("III.2", UpdatesFixture.Justice, 40);
        var queue = fixture.Queue("task-updates");
        using var admin = fixture.App.AdminClient();
        await queue.SendMessageAsync(Message(99, update), TestContext.Current.CancellationToken);
        Assert.Equal("rejected", (await UpdatesFixture.WaitForOutcomeAsync(admin, update.UpdateId, Patience)).GetProperty("state").GetString());

        // The operator fixes the cause and puts the message back (docs/operations.md, "Poison queues").
        await queue.SendMessageAsync(Message(1, update), TestContext.Current.CancellationToken);

        using var deadline = new CancellationTokenSource(Patience);
        while ((await UpdatesFixture.WaitForOutcomeAsync(admin, update.UpdateId, Patience)).GetProperty("state").GetString() != "stored")
        {
            await Task.Delay(100, deadline.Token);
        }

        Assert.Single(await fixture.HistoryRowsAsync(), row => row.GetString("UpdateId") == update.UpdateId);
    }

    [Fact]
    public async Task A_report_on_a_task_removed_by_an_amended_plan_is_rejected_with_the_reason_and_the_rest_is_stored()
    {
        await using var app = UpdatesFixture.FastQueues(new TestApp(azurite.ConnectionString)).WithKestrel();
        using var admin = app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        var removed = Update("III.14", "van-phong-ubnd-tinh", 20);
        var kept = Update("III.3", "van-phong-ubnd-tinh", 20);
        var withoutIii14 = SampleData.PlanText[..SampleData.PlanText.IndexOf("\t14\n\tTriển khai các nội dung, hệ thống", StringComparison.Ordinal)]
            + SampleData.PlanText[SampleData.PlanText.IndexOf("\tIV. TIẾP NHẬN", StringComparison.Ordinal)..];
        await SampleData.ImportPlanTextAsync(admin, withoutIii14);
        var queue = app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient($"{app.Prefix}-task-updates");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync(Message(1, removed, kept), TestContext.Current.CancellationToken);

        var rejected = await UpdatesFixture.WaitForOutcomeAsync(admin, removed.UpdateId, Patience);
        Assert.Equal("rejected", rejected.GetProperty("state").GetString());
        Assert.Contains("III.14", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("stored", (await UpdatesFixture.WaitForOutcomeAsync(admin, kept.UpdateId, Patience)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Storage_going_down_during_ingestion_loses_nothing_that_was_accepted_and_stores_it_once()
    {
        var data = Directory.CreateTempSubdirectory("tthc-azurite-");
        await using var storage = await AzuriteProcess.StartPersistentAsync(data.FullName);
        await using var app = UpdatesFixture.FastQueues(new TestApp(storage.ConnectionString)).WithKestrel()
            .WithSetting("Tthc:LocalRunner:MessageLease", "00:00:03");
        using var admin = app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        using var agency = app.ClientWithKey(await SampleData.IssueAgencyKeyAsync(admin, UpdatesFixture.Justice));

        var accepted = new List<string>();
        var acceptedCount = 0;
        var refused = 0;
        var posting = Task.Run(async () =>
        {
            for (var i = 0; i < 80; i++)
            {
                using var response = await UpdatesFixture.PostAsync(agency, "III.5", new { status = "in-progress", progressPercent = i % 100 });
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updateId").GetString()!);
                    Interlocked.Increment(ref acceptedCount);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Interlocked.Increment(ref refused);
                }

                await Task.Delay(25, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);

        // Down once some reports are in, and up again once the outage has refused one (after the storage clients' retries,
        // about 4 s): the outage overlaps requests on both sides.
        await WaitUntilAsync(() => Volatile.Read(ref acceptedCount) >= 3 || posting.IsCompleted);
        await storage.StopAsync();
        await WaitUntilAsync(() => Volatile.Read(ref refused) > 0 || posting.IsCompleted);
        await storage.StartAsync();
        await posting;

        Assert.NotEmpty(accepted);
        Assert.True(refused > 0, "the outage did not overlap any request; the test proved nothing");
        foreach (var id in accepted)
        {
            Assert.Equal("stored", (await UpdatesFixture.WaitForOutcomeAsync(agency, id, Patience)).GetProperty("state").GetString());
        }

        var history = new List<string>();
        string? token = null;
        do
        {
            var page = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.5/updates?pageSize=100" + (token is null ? "" : $"&continuationToken={token}"), UriKind.Relative), TestContext.Current.CancellationToken);
            history.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("updateId").GetString()!));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        // Every 202 is stored once. A 503 is "not confirmed": storage may have taken the message whose answer was lost,
        // so a refused request may be stored too — at most once, and never more of them than were refused.
        Assert.Equal(history.Count, history.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(accepted.Except(history, StringComparer.Ordinal));
        Assert.InRange(history.Count - accepted.Count, 0, refused);
        TestContext.Current.SendDiagnosticMessage($"storage outage: {accepted.Count} accepted and stored once, {refused} refused with 503, of which {history.Count - accepted.Count} were stored after all");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(25, deadline.Token);
        }
    }
}
