using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Updates;

/// <summary>
/// A corpus of bad requests: each gets a 4xx problem+json answer, none a 5xx, and nothing is queued or stored.
/// </summary>
public sealed class TaskUpdateBadInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Plan = SampleData.PlanId;
    private const string Own = "so-tu-phap";
    private readonly TestApp _app = new(azurite.ConnectionString);
    private string _agencyKey = string.Empty;
    private string _analystKey = string.Empty;

    public async ValueTask InitializeAsync()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        _agencyKey = await SampleData.IssueAgencyKeyAsync(admin, Own);
        _analystKey = await SampleData.IssueKeyAsync(admin, "analyst");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public enum Caller
    {
        Agency,
        Admin,
        Analyst,
        NoKey,
    }

    /// <summary>(what it is, who sends it, task, content type, body, extra header, expected status).</summary>
    public static TheoryData<string, Caller, string, string, string, string?, int> Corpus()
    {
        var big = new string('ạ', 4001);
        var corpus = new TheoryData<string, Caller, string, string, string, string?, int>
        {
            { "malformed JSON", Caller.Agency, "III.1", "application/json", "{ \"status\": ", null, 400 },
            { "not JSON at all", Caller.Agency, "III.1", "application/json", "status=in-progress", null, 400 },
            { "JSON null", Caller.Agency, "III.1", "application/json", "null", null, 400 },
            { "JSON array", Caller.Agency, "III.1", "application/json", "[]", null, 400 },
            { "empty body", Caller.Agency, "III.1", "application/json", "", null, 400 },
            { "wrong content type", Caller.Agency, "III.1", "text/plain", "{\"status\":\"in-progress\"}", null, 415 },
            { "form post", Caller.Agency, "III.1", "application/x-www-form-urlencoded", "status=in-progress", null, 415 },
            { "unknown field", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"progres\":10}", null, 400 },
            { "status missing", Caller.Agency, "III.1", "application/json", "{\"progressPercent\":10}", null, 400 },
            { "status unknown", Caller.Agency, "III.1", "application/json", "{\"status\":\"done\"}", null, 400 },
            { "status wrong type", Caller.Agency, "III.1", "application/json", "{\"status\":3}", null, 400 },
            { "status in Vietnamese", Caller.Agency, "III.1", "application/json", "{\"status\":\"Đang thực hiện\"}", null, 400 },
            { "percent as text", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"progressPercent\":\"mười\"}", null, 400 },
            { "percent negative", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"progressPercent\":-5}", null, 400 },
            { "percent over 100", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"progressPercent\":150}", null, 400 },
            { "percent fractional", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"progressPercent\":10.5}", null, 400 },
            { "percent huge", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"progressPercent\":99999999999999}", null, 400 },
            { "completed without date", Caller.Agency, "III.1", "application/json", "{\"status\":\"completed\"}", null, 400 },
            { "completion date without completion", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"completedOn\":\"2022-03-01\"}", null, 400 },
            { "completed in the future", Caller.Agency, "III.1", "application/json", "{\"status\":\"completed\",\"completedOn\":\"2099-01-01\"}", null, 400 },
            { "completed before 2000", Caller.Agency, "III.1", "application/json", "{\"status\":\"completed\",\"completedOn\":\"1999-12-31\"}", null, 400 },
            { "date in Vietnamese format", Caller.Agency, "III.1", "application/json", "{\"status\":\"completed\",\"completedOn\":\"31/03/2022\"}", null, 400 },
            { "impossible date", Caller.Agency, "III.1", "application/json", "{\"status\":\"completed\",\"completedOn\":\"2022-02-30\"}", null, 400 },
            { "completed at 40 percent", Caller.Agency, "III.1", "application/json", "{\"status\":\"completed\",\"completedOn\":\"2022-03-01\",\"progressPercent\":40}", null, 400 },
            { "output document dated in the future", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"outputDocument\":{\"number\":\"1/KH\",\"date\":\"2099-01-01\"}}", null, 400 },
            { "output document number too long", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"outputDocument\":{\"number\":\"" + new string('9', 101) + "\"}}", null, 400 },
            { "output document number on two lines", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"outputDocument\":{\"number\":\"1/KH\\n-UBND\"}}", null, 400 },
            { "output document as a string", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"outputDocument\":\"45/QĐ-UBND\"}", null, 400 },
            { "summary over the limit", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"summary\":\"" + big + "\"}", null, 400 },
            { "difficulties over the limit", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"difficulties\":\"" + big + "\"}", null, 400 },
            { "proposals over the limit", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"proposals\":\"" + big + "\"}", null, 400 },
            { "body over 64 KiB", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"summary\":\"" + new string('x', 70_000) + "\"}", null, 413 },
            { "NUL in the summary", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"summary\":\"abc\\u0000def\"}", null, 400 },
            { "bell character", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"summary\":\"abc\\u0007\"}", null, 400 },
            { "escape sequence", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"proposals\":\"\\u001b[31mred\"}", null, 400 },
            { "unpaired surrogate", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"summary\":\"\\ud800\"}", null, 400 },
            { "NFD text with a control character", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"summary\":\"" + "Đã ban hành".Normalize(NormalizationForm.FormD) + "\\u0001\"}", null, 400 },
            { "period malformed", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"period\":\"Q1/2022\"}", null, 400 },
            { "period in the future", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"period\":\"2099-Q1\"}", null, 400 },
            { "period month 13", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"period\":\"2022-13\"}", null, 400 },
            { "unknown task", Caller.Agency, "IX.99", "application/json", "{\"status\":\"in-progress\"}", null, 404 },
            { "OData-looking task id", Caller.Agency, "' or true or '", "application/json", "{\"status\":\"in-progress\"}", null, 404 },
            { "task of another agency", Caller.Agency, "I.4", "application/json", "{\"status\":\"in-progress\"}", null, 403 },
            { "agency reporting for another agency", Caller.Agency, "III.1", "application/json", "{\"agencyId\":\"so-y-te\",\"status\":\"in-progress\"}", null, 403 },
            { "OData-looking agency id from an admin", Caller.Admin, "III.1", "application/json", "{\"agencyId\":\"' or 1 eq 1\",\"status\":\"in-progress\"}", null, 400 },
            { "admin without an agency", Caller.Admin, "III.1", "application/json", "{\"status\":\"in-progress\"}", null, 400 },
            { "admin naming an agency without the task", Caller.Admin, "I.4", "application/json", "{\"agencyId\":\"so-y-te\",\"status\":\"in-progress\"}", null, 400 },
            { "admin naming an unknown agency", Caller.Admin, "III.1", "application/json", "{\"agencyId\":\"so-khong-co\",\"status\":\"in-progress\"}", null, 400 },
            { "analyst reporting", Caller.Analyst, "III.1", "application/json", "{\"agencyId\":\"so-tu-phap\",\"status\":\"in-progress\"}", null, 403 },
            { "no key", Caller.NoKey, "III.1", "application/json", "{\"status\":\"in-progress\"}", null, 401 },
            { "idempotency key too long", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\"}", new string('k', 201), 400 },
            { "deeply nested JSON", Caller.Agency, "III.1", "application/json", "{\"status\":\"in-progress\",\"outputDocument\":" + string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40) + "}", null, 400 },
        };
        return corpus;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Each_bad_request_is_a_4xx_problem_and_nothing_is_queued_or_stored(string what, Caller caller, string taskId, string contentType, string body, string? idempotencyKey, int expected)
    {
        using var client = _app.ClientWithKey(caller switch
        {
            Caller.Agency => _agencyKey,
            Caller.Admin => TestApp.AdminKey,
            Caller.Analyst => _analystKey,
            _ => null,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/plans/{Plan}/tasks/{Uri.EscapeDataString(taskId)}/updates", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode == expected, $"{what}: expected {expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var queue = _app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient($"{_app.Prefix}-task-updates");
        Assert.True(!await queue.ExistsAsync(TestContext.Current.CancellationToken) || (await queue.PeekMessagesAsync(1, TestContext.Current.CancellationToken)).Value.Length == 0, $"{what}: something was queued");
    }
}
