using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>
/// Bad public submissions: each gets a 4xx problem+json answer, never a 5xx, and nothing is reserved, queued or stored.
/// </summary>
public sealed class FeedbackBadInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new TestApp(azurite.ConnectionString)
        .WithSetting("Tthc:Feedback:RateLimit:SubmitPermitLimit", "10000");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private const string Person = "\"submitter\":{\"name\":\"Nguyễn Văn A\",\"phone\":\"0901234567\"}";
    private const string Valid = "\"kind\":\"phan-anh\",\"subject\":\"Thủ tục khai sinh\",\"content\":\"Chậm trễ\"";

    /// <summary>(what it is, content type, body, expected status).</summary>
    public static TheoryData<string, string, string, int> Corpus()
    {
        static string With(string fields) => "{" + fields + "}";
        var big = new string('ạ', 4001);
        return new TheoryData<string, string, string, int>
        {
            { "malformed JSON", "application/json", "{ \"kind\": ", 400 },
            { "not JSON at all", "application/json", "kind=phan-anh", 400 },
            { "JSON null", "application/json", "null", 400 },
            { "JSON array", "application/json", "[]", 400 },
            { "empty body", "application/json", "", 400 },
            { "plain text", "text/plain", With(Valid + "," + Person), 415 },
            { "form post", "application/x-www-form-urlencoded", "kind=phan-anh", 415 },
            { "unknown field", "application/json", With(Valid + "," + Person + ",\"priority\":\"high\""), 400 },
            { "unknown submitter field", "application/json", With(Valid + ",\"submitter\":{\"name\":\"A\",\"phone\":\"0901234567\",\"cccd\":\"0123\"}"), 400 },
            { "kind missing", "application/json", With("\"subject\":\"Thủ tục\",\"content\":\"Chậm\"," + Person), 400 },
            { "kind unknown", "application/json", With("\"kind\":\"khieu-nai\",\"subject\":\"Thủ tục\",\"content\":\"Chậm\"," + Person), 400 },
            { "kind as a number", "application/json", With("\"kind\":0,\"subject\":\"Thủ tục\",\"content\":\"Chậm\"," + Person), 400 },
            { "subject missing", "application/json", With("\"kind\":\"phan-anh\",\"content\":\"Chậm\"," + Person), 400 },
            { "content only spaces", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\",\"content\":\"   \"," + Person), 400 },
            { "content over 4000 characters", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\",\"content\":\"" + big + "\"," + Person), 400 },
            { "subject on two lines", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\\nkhai sinh\",\"content\":\"Chậm\"," + Person), 400 },
            { "no submitter", "application/json", With(Valid), 400 },
            { "submitter without a name", "application/json", With(Valid + ",\"submitter\":{\"phone\":\"0901234567\"}"), 400 },
            { "submitter without any contact", "application/json", With(Valid + ",\"submitter\":{\"name\":\"Nguyễn Văn A\"}"), 400 },
            { "phone with letters", "application/json", With(Valid + ",\"submitter\":{\"name\":\"A\",\"phone\":\"090-ABC\"}"), 400 },
            { "email without domain", "application/json", With(Valid + ",\"submitter\":{\"name\":\"A\",\"email\":\"a@\"}"), 400 },
            { "organisation without its name", "application/json", With(Valid + ",\"submitter\":{\"type\":\"organisation\",\"name\":\"A\",\"phone\":\"0901234567\"}"), 400 },
            { "another channel without a key", "application/json", With(Valid + ",\"channel\":\"letter\"," + Person), 400 },
            { "body over 32 KiB", "application/json", With(Valid + "," + Person + ",\"agencyConcerned\":\"" + new string('x', 33_000) + "\""), 413 },
            { "NUL in the content", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\",\"content\":\"abc\\u0000def\"," + Person), 400 },
            { "escape sequence in the content", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\",\"content\":\"\\u001b[31mđỏ\"," + Person), 400 },
            { "bell in the name", "application/json", With(Valid + ",\"submitter\":{\"name\":\"A\\u0007\",\"phone\":\"0901234567\"}"), 400 },
            { "zero-width space in the name", "application/json", With(Valid + ",\"submitter\":{\"name\":\"A\\u200b\",\"phone\":\"0901234567\"}"), 400 },
            { "unpaired surrogate", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\",\"content\":\"\\ud800\"," + Person), 400 },
            { "NFD text with a control character", "application/json", With("\"kind\":\"phan-anh\",\"subject\":\"Thủ tục\",\"content\":\"" + "Đã nộp hồ sơ".Normalize(NormalizationForm.FormD) + "\\u0001\"," + Person), 400 },
            { "deeply nested JSON", "application/json", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), 400 },
        };
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_bad_submission_gets_a_4xx_problem_and_nothing_is_stored(string what, string contentType, string body, int expected)
    {
        using var client = _app.ClientWithKey(null);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await client.PostAsync(new Uri("/api/feedback", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.True(expected == (int)response.StatusCode, $"{what}: expected {expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await CodeRowsAsync());
        Assert.Equal(0, await QueuedAsync());
    }

    [Fact]
    public async Task A_field_error_names_the_field_in_Vietnamese()
    {
        using var client = _app.ClientWithKey(null);
        using var content = new StringContent("{" + Valid + ",\"submitter\":{\"name\":\"Nguyễn Văn A\"}}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/feedback", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"submitter\"", text, StringComparison.Ordinal);
        Assert.Contains("cần ít nhất một cách liên hệ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PAKN-0000-0000")]
    [InlineData("not-a-code")]
    [InlineData("PAKN-2345-6789")]
    public async Task Tracking_an_unknown_or_malformed_code_is_404_problem(string code)
    {
        using var client = _app.ClientWithKey(null);

        using var response = await client.GetAsync(new Uri($"/api/feedback/track/{code}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<TableEntity>> CodeRowsAsync()
    {
        var table = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(_app.Prefix + "FeedbackCodes");
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // No table: nothing was ever reserved.
        }

        return rows;
    }

    private async Task<int> QueuedAsync()
    {
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient($"{_app.Prefix}-feedback");
        return await queue.ExistsAsync(TestContext.Current.CancellationToken)
            ? (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount
            : 0;
    }
}
