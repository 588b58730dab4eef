using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Hosting;

/// <summary>
/// The local trigger runner drives functions from the same definitions the host reads, through the invocation
/// endpoint over HTTP, with the queue extension's retry and poison semantics.
/// </summary>
public sealed class LocalTriggerRunnerTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_queued_message_reaches_its_handler_through_the_invocation_contract_and_is_deleted()
    {
        await using var app = FastQueues(new TestApp(azurite.ConnectionString))
            .WithFunction(QueueFunctionDefinition.For<RecordingQueueFunction>("TestQueue", "test-queue"))
            .WithKestrel();
        var queue = QueueOf(app, "test-queue");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync("""{"agencyId":"so-tu-phap","text":"Báo cáo quý"}""", TestContext.Current.CancellationToken);

        var message = Assert.Single(await app.Invocations.WaitForAsync<QueueInvocation>(1, Patience));
        Assert.Equal("""{"agencyId":"so-tu-phap","text":"Báo cáo quý"}""", message.Text);
        Assert.Equal(1, message.DequeueCount);
        await WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
    }

    [Fact]
    public async Task A_message_that_always_fails_is_tried_five_times_then_sits_in_the_poison_queue_with_its_original_body()
    {
        await using var app = FastQueues(new TestApp(azurite.ConnectionString))
            .WithFunction(QueueFunctionDefinition.For<AlwaysFailingQueueFunction>("TestFailing", "test-failing"))
            .WithFunction(QueueFunctionDefinition.For<RecordingQueueFunction>("TestQueue", "test-queue"))
            .WithKestrel();
        var failing = QueueOf(app, "test-failing");
        var poison = QueueOf(app, "test-failing-poison");
        await failing.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        const string body = """{"id":"u-1","summary":"Đã ban hành Kế hoạch số 45/KH-UBND"}""";

        await failing.SendMessageAsync(body, TestContext.Current.CancellationToken);

        var attempts = await app.Invocations.WaitForAsync<QueueInvocation>(5, Patience);
        Assert.Equal([1L, 2, 3, 4, 5], attempts.Select(a => a.DequeueCount));
        await WaitUntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length == 1);
        var poisoned = Assert.Single((await poison.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value);
        Assert.Equal(body, poisoned.Body.ToString());
        Assert.Empty((await failing.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value);

        // The app keeps running: no sixth attempt, health answers, other queues still flow.
        var healthy = QueueOf(app, "test-queue");
        await healthy.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        await healthy.SendMessageAsync("""{"after":"poison"}""", TestContext.Current.CancellationToken);
        await app.Invocations.WaitForAsync<QueueInvocation>(6, Patience);
        Assert.Equal(5, app.Invocations.OfType<QueueInvocation>().Count(m => m.Context.FunctionName == "TestFailing"));
        using var client = app.CreateClient();
        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_message_that_is_not_valid_base64_goes_straight_to_the_poison_queue()
    {
        await using var app = FastQueues(new TestApp(azurite.ConnectionString))
            .WithFunction(QueueFunctionDefinition.For<RecordingQueueFunction>("TestQueue", "test-queue"))
            .WithKestrel();
        var raw = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-test-queue", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await raw.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await raw.SendMessageAsync("this is not base64 {", TestContext.Current.CancellationToken);

        var poison = QueueOf(app, "test-queue-poison");
        await WaitUntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length == 1);
        Assert.Empty(app.Invocations.Entries);
    }

    [Fact]
    public async Task A_timer_fires_on_its_ncrontab_schedule()
    {
        await using var app = new TestApp(azurite.ConnectionString)
            .WithFunction(TimerFunctionDefinition.For<RecordingTimerFunction>("EverySecond", "* * * * * *") with { UseMonitor = false })
            .WithKestrel();
        app.StartServer();

        var runs = await app.Invocations.WaitForAsync<TimerInvocation>(2, Patience);

        Assert.All(runs, run => Assert.False(run.IsPastDue));
        Assert.All(runs, run => Assert.Equal(0, run.NextRun!.Value.Millisecond));
    }

    [Fact]
    public async Task An_occurrence_missed_while_the_app_was_stopped_fires_once_at_start_up_as_past_due()
    {
        await using var app = new TestApp(azurite.ConnectionString)
            .WithFunction(TimerFunctionDefinition.For<RecordingTimerFunction>("Hourly", "0 0 * * * *"))
            .WithKestrel();
        var hosts = new BlobContainerClient(azurite.ConnectionString, $"{app.Prefix}-azure-webjobs-hosts");
        await hosts.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        await hosts.GetBlobClient("timers/local/Hourly/status").UploadAsync(
            BinaryData.FromObjectAsJson(new { Last = now.AddHours(-3), Next = now.AddHours(-2), LastUpdated = now.AddHours(-3) }),
            TestContext.Current.CancellationToken);

        app.StartServer();

        var run = Assert.Single(await app.Invocations.WaitForAsync<TimerInvocation>(1, Patience));
        Assert.True(run.IsPastDue);
        Assert.Equal(now.AddHours(-2).ToUnixTimeSeconds(), run.NextRun!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_timer_marked_run_on_startup_fires_when_the_app_starts()
    {
        await using var app = new TestApp(azurite.ConnectionString)
            .WithFunction(TimerFunctionDefinition.For<RecordingTimerFunction>("Yearly", "0 0 1 1 1 *") with { RunOnStartup = true, UseMonitor = false })
            .WithKestrel();

        app.StartServer();

        Assert.Single(await app.Invocations.WaitForAsync<TimerInvocation>(1, Patience));
    }

    [Fact]
    public async Task A_function_disabled_with_the_hosts_setting_is_not_triggered()
    {
        await using var app = new TestApp(azurite.ConnectionString)
            .WithFunction(TimerFunctionDefinition.For<RecordingTimerFunction>("Switched", "0 0 1 1 1 *") with { RunOnStartup = true, UseMonitor = false })
            .WithFunction(TimerFunctionDefinition.For<RecordingTimerFunction>("Running", "0 0 1 1 1 *") with { RunOnStartup = true, UseMonitor = false })
            .WithSetting("AzureWebJobs:Switched:Disabled", "true")
            .WithKestrel();

        app.StartServer();

        // Both would fire at start-up, the disabled one first (listeners start in declaration order): the enabled one
        // having fired shows the runner is past the point where the disabled one would have.
        Assert.Equal("Running", Assert.Single(await app.Invocations.WaitForAsync<TimerInvocation>(1, Patience)).Context.FunctionName);
        Assert.DoesNotContain(app.Invocations.OfType<TimerInvocation>(), i => i.Context.FunctionName == "Switched");
    }

    /// <summary>No back-off between retries and quick polling, so five attempts take a second, not minutes.</summary>
    private static TestApp FastQueues(TestApp app) => app
        .WithSetting("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00")
        .WithSetting("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.200");

    private static QueueClient QueueOf(TestApp app, string logicalName) =>
        app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient($"{app.Prefix}-{logicalName}");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
