using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>The queue function: a message delivered twice makes one case; a message that breaks the rules is poisoned.</summary>
public sealed class IngestFeedbackTests(FeedbackFixture fixture, AzuriteFixture azurite) : IClassFixture<FeedbackFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Message(TrackingCode code, string content = "Thời gian giải quyết quá hạn", string name = "Phạm Văn D") => JsonSerializer.Serialize(new FeedbackMessage(
        FeedbackMessage.CurrentVersion, TestApp.Province, code.ToString(), DateTimeOffset.UtcNow, "public",
        new FeedbackSubmission(FeedbackKind.PhanAnh, "Thủ tục cấp phiếu lý lịch tư pháp", content, null, FeedbackChannel.Web, SubmitterType.Individual,
            new FeedbackContact(name, "0912345678", null, null, null))), ApiJson.Default);

    [Fact]
    public async Task A_message_that_meets_a_table_outage_on_every_attempt_is_put_back_for_later_not_poisoned()
    {
        await using var app = new TestApp(UnreachableTables.ConnectionString(azurite)).WithKestrel()
            .WithSetting("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00")
            .WithSetting("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.200")
            .WithSetting("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", "2");
        var queues = app.Services.GetRequiredService<QueueServiceClient>();
        var queue = queues.GetQueueClient($"{app.Prefix}-feedback");
        var poison = queues.GetQueueClient($"{app.Prefix}-feedback-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync(Message(TrackingCode.New()), TestContext.Current.CancellationToken);

        // Put back: the original is deleted once the last attempt answers, and only the delayed copy is left.
        await QueueState.WaitUntilSettledAsync(app, queue, expectedCount: 1, TimeSpan.FromSeconds(60));
        Assert.False(await poison.ExistsAsync(TestContext.Current.CancellationToken) && (await poison.PeekMessagesAsync(1, cancellationToken: TestContext.Current.CancellationToken)).Value.Length > 0);
        Assert.Equal(1, (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync(1, cancellationToken: TestContext.Current.CancellationToken)).Value); // the copy waits, invisible
    }

    [Fact]
    public async Task A_later_message_for_an_existing_code_does_not_change_its_sender()
    {
        var code = TrackingCode.New();
        var queue = fixture.Queue("feedback");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync(Message(code), TestContext.Current.CancellationToken);
        await fixture.WaitForCaseAsync(code.ToString());
        await queue.SendMessageAsync(Message(code, name: "Người Khác"), TestContext.Current.CancellationToken);
        await QueueState.WaitUntilEmptyAsync(queue, Patience);

        using var admin = fixture.App.AdminClient();
        var stored = await FeedbackFixture.GetCaseAsync(admin, code.ToString());
        Assert.Equal("Phạm Văn D", stored.GetProperty("submitter").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_message_delivered_twice_or_resent_later_for_the_same_code_makes_one_case_with_one_audit_line()
    {
        var code = TrackingCode.New();
        var message = Message(code);
        var queue = fixture.Queue("feedback");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync(message, TestContext.Current.CancellationToken);
        await fixture.WaitForCaseAsync(code.ToString());
        await queue.SendMessageAsync(message, TestContext.Current.CancellationToken);
        await Task.Delay(5, TestContext.Current.CancellationToken);
        await queue.SendMessageAsync(Message(code), TestContext.Current.CancellationToken); // same code, another time stamp
        await QueueState.WaitUntilEmptyAsync(queue, Patience);

        var rows = new List<TableEntity>();
        await foreach (var row in fixture.Table("FeedbackCases").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Code eq {code.ToString()}"), cancellationToken: TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        Assert.Single(rows, r => r.GetString("RowType") == "case");
        Assert.Single(rows, r => r.GetString("RowType") == "audit");
        using var admin = fixture.App.AdminClient();
        Assert.Single((await FeedbackFixture.GetCaseAsync(admin, code.ToString())).GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task A_message_that_breaks_the_submission_rules_ends_in_the_poison_queue_and_makes_no_case()
    {
        var code = TrackingCode.New();
        var body = Message(code, content: "Có ký tự điều khiển\u0007");
        var queue = fixture.Queue("feedback");
        var poison = fixture.Queue("feedback-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync(body, TestContext.Current.CancellationToken);

        using var deadline = new CancellationTokenSource(Patience);
        while (!await poison.ExistsAsync(deadline.Token) || (await poison.PeekMessagesAsync(32, deadline.Token)).Value.All(m => m.Body.ToString() != body))
        {
            await Task.Delay(100, deadline.Token);
        }

        using var client = fixture.Public();
        using var response = await client.GetAsync(new Uri($"/api/feedback/track/{code}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
