using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Hosting;

/// <summary>
/// The custom-handler contract exactly as the Functions host speaks it: payloads are the shapes of docs/hosting.md H5 and
/// H6 (real host and documentation variants), answers are judged by H1.
/// </summary>
public sealed class InvocationContractTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly TestApp _app = new TestApp(azurite.ConnectionString)
        .WithFunction(TimerFunctionDefinition.For<RecordingTimerFunction>("TestTimer", "0 0 1 * * *"))
        .WithFunction(QueueFunctionDefinition.For<RecordingQueueFunction>("TestQueue", "test-queue"))
        .WithFunction(QueueFunctionDefinition.For<AlwaysFailingQueueFunction>("TestFailingQueue", "test-failing"));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Timer_invocation_with_the_documented_payload_runs_the_timer_handler()
    {
        const string payload = """
            {
              "Data": {
                "timer": {
                  "Schedule": { "AdjustForDST": true },
                  "ScheduleStatus": {
                    "Last": "2025-06-01T09:00:00+00:00",
                    "Next": "2025-06-01T10:00:00+00:00",
                    "LastUpdated": "2025-06-01T09:00:00.1234567+00:00"
                  },
                  "IsPastDue": true
                }
              },
              "Metadata": { "sys": { "MethodName": "TestTimer", "UtcNow": "2025-06-01T10:00:05.000Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e" } }
            }
            """;

        using var response = await PostInvocationAsync("TestTimer", payload);

        await AssertHostAcceptsAsync(response);
        var run = Assert.Single(_app.Invocations.OfType<TimerInvocation>());
        Assert.True(run.IsPastDue);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero), run.LastRun);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), run.NextRun);
        Assert.Equal("TestTimer", run.Context.FunctionName);
    }

    [Fact]
    public async Task Timer_invocation_without_schedule_status_runs_as_not_past_due()
    {
        const string payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"TestTimer"}}}
            """;

        using var response = await PostInvocationAsync("TestTimer", payload);

        await AssertHostAcceptsAsync(response);
        var run = Assert.Single(_app.Invocations.OfType<TimerInvocation>());
        Assert.False(run.IsPastDue);
        Assert.Null(run.LastRun);
    }

    [Fact]
    public async Task Invocation_answer_carries_the_handler_log_lines_for_the_host()
    {
        const string payload = """{"Data":{"timer":{"IsPastDue":true}},"Metadata":{}}""";

        using var response = await PostInvocationAsync("TestTimer", payload);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal("timer ran, past due: True", Assert.Single(body.RootElement.GetProperty("Logs").EnumerateArray()).GetString());
        Assert.True(body.RootElement.TryGetProperty("ReturnValue", out _));
    }

    [Fact]
    public async Task Queue_invocation_as_the_real_host_sends_it_decodes_the_double_encoded_text_and_string_metadata()
    {
        // docs/hosting.md H5: the host JSON-encodes the message text a second time and sends metadata scalars as strings.
        const string payload = """
            {
              "Data": { "message": "\"{\\\"orderId\\\":42}\"" },
              "Metadata": {
                "DequeueCount": "2",
                "Id": "\"6f1f8c1e-1111-2222-3333-444455556666\"",
                "PopReceipt": "\"AgAAAAMAAAAAAAAA\"",
                "InsertionTime": "2025-06-01T10:00:00+00:00",
                "ExpirationTime": "2025-06-08T10:00:00+00:00",
                "NextVisibleTime": "2025-06-01T10:10:00+00:00",
                "sys": { "MethodName": "TestQueue", "UtcNow": "2025-06-01T10:00:01Z", "RandGuid": "5f0e8a4e-7d2e-4c3b-9c7f-8f2a1b3c4d5e" }
              }
            }
            """;

        using var response = await PostInvocationAsync("TestQueue", payload);

        await AssertHostAcceptsAsync(response);
        var message = Assert.Single(_app.Invocations.OfType<QueueInvocation>());
        Assert.Equal("""{"orderId":42}""", message.Text);
        Assert.Equal("6f1f8c1e-1111-2222-3333-444455556666", message.MessageId);
        Assert.Equal(2, message.DequeueCount);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), message.InsertionTime);
    }

    [Fact]
    public async Task Queue_invocation_in_the_documentation_shape_with_single_encoding_and_numeric_count_is_accepted_too()
    {
        const string payload = """
            {"Data":{"message":"{ message: \"Message sent\" }"},"Metadata":{"DequeueCount":1,"Id":"d5e0c0a4-0000-0000-0000-000000000000"}}
            """;

        using var response = await PostInvocationAsync("TestQueue", payload);

        await AssertHostAcceptsAsync(response);
        var message = Assert.Single(_app.Invocations.OfType<QueueInvocation>());
        Assert.Equal("{ message: \"Message sent\" }", message.Text);
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal("d5e0c0a4-0000-0000-0000-000000000000", message.MessageId);
    }

    [Fact]
    public async Task Queue_message_text_that_is_a_plain_string_is_unwrapped_once()
    {
        const string payload = """{"Data":{"message":"\"xin chào\""},"Metadata":{"DequeueCount":"1"}}""";

        using var response = await PostInvocationAsync("TestQueue", payload);

        await AssertHostAcceptsAsync(response);
        Assert.Equal("xin chào", Assert.Single(_app.Invocations.OfType<QueueInvocation>()).Text);
    }

    [Fact]
    public async Task Queue_handler_that_throws_makes_the_invocation_answer_non_2xx()
    {
        const string payload = """{"Data":{"message":"\"{}\""},"Metadata":{"DequeueCount":"1"}}""";

        using var response = await PostInvocationAsync("TestFailingQueue", payload);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(_app.Invocations.OfType<QueueInvocation>());
    }

    [Fact]
    public async Task Malformed_payload_answers_400_and_runs_nothing()
    {
        using var response = await PostInvocationAsync("TestQueue", "{ this is not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_app.Invocations.Entries);
    }

    [Fact]
    public async Task Payload_without_the_trigger_binding_answers_400()
    {
        using var response = await PostInvocationAsync("TestQueue", """{"Data":{},"Metadata":{}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_app.Invocations.Entries);
    }

    [Fact]
    public async Task Unknown_function_answers_404_as_problem_json()
    {
        using var response = await PostInvocationAsync("NoSuchFunction", """{"Data":{},"Metadata":{}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_proxied_http_function_cannot_be_invoked_through_the_payload_contract()
    {
        using var response = await PostInvocationAsync(AppFunctions.HttpApi.Name, """{"Data":{},"Metadata":{}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Invocation_endpoints_are_not_reachable_under_the_public_api_prefix()
    {
        const string payload = """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""";

        using var response = await PostInvocationAsync("api/TestTimer", payload);

        Assert.False(response.IsSuccessStatusCode);
        Assert.Empty(_app.Invocations.Entries);
    }

    [Fact]
    public async Task Readiness_ping_answers_without_storage()
    {
        await using var app = new TestApp("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;");
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostInvocationAsync(string functionName, string json)
    {
        using var client = _app.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/" + functionName, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1037.0");
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>docs/hosting.md H1: 2xx, application/json, a non-empty JSON body.</summary>
    private static async Task AssertHostAcceptsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(body));
        using var document = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }
}
