using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.WorkingDays;

/// <summary>
/// The calendar behind every deadline: staff read it and ask for deadlines; administrators extend it, and a bad extension
/// is refused whole with the broken rules and stores nothing.
/// </summary>
public sealed class CalendarApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new(azurite.ConnectionString);
    private string _analystKey = string.Empty;

    public async ValueTask InitializeAsync()
    {
        using var admin = _app.AdminClient();
        _analystKey = await SampleData.IssueKeyAsync(admin, "analyst");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private const string DayOff10June2026 = """
        {
          "version": "2026.06.01-test",
          "years": [
            {
              "year": 2026,
              "status": "confirmed",
              "basis": "Quyết định giả định cho kiểm thử",
              "entries": [
                { "date": "2026-06-10", "kind": "day-off", "name": "Nghỉ theo quyết định (kiểm thử)", "basis": "Quyết định giả định" }
              ]
            }
          ]
        }
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> DeadlineAsync(HttpClient client, string from, int days)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/calendar/deadline?from={from}&days={days}", UriKind.Relative), TestContext.Current.CancellationToken);
        return answer.GetProperty("deadline").GetString()!;
    }

    [Fact]
    public async Task Staff_read_the_effective_calendar_and_its_deadlines()
    {
        using var analyst = _app.ClientWithKey(_analystKey);

        var calendar = await analyst.GetFromJsonAsync<JsonElement>(new Uri("/api/calendar", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("start-after-event-day", calendar.GetProperty("counting").GetString());
        Assert.Equal([2022, 2023, 2024, 2025, 2026, 2027, 2028], calendar.GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32()));
        Assert.Equal("provisional", calendar.GetProperty("years")[5].GetProperty("status").GetString());
        Assert.Contains(calendar.GetProperty("effective").GetProperty("years")[4].GetProperty("entries").EnumerateArray(), e => e.GetProperty("date").GetString() == "2026-02-17");

        // Thu 12/2/2026 + 15 across Tết: 13/2, 23–27/2, 2–6/3, 9–12/3.
        Assert.Equal("2026-03-12", await DeadlineAsync(analyst, "2026-02-12", 15));
    }

    [Fact]
    public async Task An_added_day_off_moves_deadlines_and_replacing_with_nothing_restores_the_shipped_calendar()
    {
        using var admin = _app.AdminClient();
        Assert.Equal("2026-06-10", await DeadlineAsync(admin, "2026-06-08", 2));

        using var added = await admin.PostAsync(new Uri("/api/calendar/extensions", UriKind.Relative), Json(DayOff10June2026), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(added, HttpStatusCode.Created);

        // Mon 8/6: Tue 9 (1), Wed 10 now off, Thu 11/6 (2).
        Assert.Equal("2026-06-11", await DeadlineAsync(admin, "2026-06-08", 2));
        using var listed = await admin.GetAsync(new Uri("/api/calendar/extensions", UriKind.Relative), TestContext.Current.CancellationToken);
        var extensions = JsonNode.Parse(await listed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();
        Assert.Single(extensions);
        var etag = listed.Headers.ETag!.Tag;

        using var stale = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/calendar/extensions", UriKind.Relative)) { Content = Json("[]") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0x0\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale, TestContext.Current.CancellationToken)).StatusCode);

        using var reset = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/calendar/extensions", UriKind.Relative)) { Content = Json("[]") };
        reset.Headers.TryAddWithoutValidation("If-Match", etag);
        using var resetResponse = await admin.SendAsync(reset, TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(resetResponse, HttpStatusCode.OK);
        Assert.Equal("2026-06-10", await DeadlineAsync(admin, "2026-06-08", 2));
    }

    [Theory]
    [InlineData("a make-up working day on a Wednesday", """{"version":"x","years":[{"year":2026,"status":"confirmed","basis":"b","entries":[{"date":"2026-06-10","kind":"make-up-working-day","name":"n","basis":"b"}]}]}""")]
    [InlineData("an unknown field", """{"version":"x","years":[{"year":2026,"status":"confirmed","basis":"b","entries":[],"ghiChu":"?"}]}""")]
    [InlineData("a date outside its year", """{"version":"x","years":[{"year":2026,"status":"confirmed","basis":"b","entries":[{"date":"2027-01-01","kind":"holiday","name":"n","basis":"b"}]}]}""")]
    [InlineData("no version", """{"years":[{"year":2026,"status":"confirmed","basis":"b","entries":[]}]}""")]
    [InlineData("not JSON", "năm 2029")]
    public async Task A_bad_extension_is_refused_with_its_broken_rules_and_nothing_is_stored(string what, string body)
    {
        using var admin = _app.AdminClient();
        using var listedBefore = await admin.GetAsync(new Uri("/api/calendar/extensions", UriKind.Relative), TestContext.Current.CancellationToken);
        var before = await listedBefore.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        using var response = await admin.PostAsync(new Uri("/api/calendar/extensions", UriKind.Relative), Json(body), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("calendar").EnumerateArray());
        using var listedAfter = await admin.GetAsync(new Uri("/api/calendar/extensions", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(before, await listedAfter.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_year_read_from_the_effective_calendar_can_be_sent_back_as_an_extension()
    {
        using var admin = _app.AdminClient();
        var calendar = JsonNode.Parse(await admin.GetStringAsync(new Uri("/api/calendar", UriKind.Relative), TestContext.Current.CancellationToken))!;
        var year2027 = calendar["effective"]!["years"]!.AsArray().Single(y => (int)y!["year"]! == 2027)!.DeepClone();
        year2027["status"] = "confirmed";
        year2027["basis"] = "Thông báo giả định xác nhận lịch nghỉ năm 2027 (kiểm thử)";
        var extension = new JsonObject { ["version"] = "2027-confirm-test", ["years"] = new JsonArray(year2027) };

        using var response = await admin.PostAsync(new Uri("/api/calendar/extensions", UriKind.Relative), Json(extension.ToJsonString()), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.Created);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("confirmed", saved.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2027).GetProperty("status").GetString());
        using var cleanup = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/calendar/extensions", UriKind.Relative)) { Content = Json("[]") };
        await admin.SendAsync(cleanup, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("from=10/06/2026&days=2", "from")]
    [InlineData("from=2026-06-08&days=-1", "days")]
    [InlineData("from=2026-06-08&days=367", "days")]
    [InlineData("from=2026-06-08&days=abc", "days")]
    [InlineData("days=2", "from")]
    [InlineData("from=2026-06-08", "days")]
    [InlineData("from=2030-01-02&days=1", "from")]
    public async Task A_bad_deadline_question_is_a_400_naming_the_parameter(string query, string parameter)
    {
        using var analyst = _app.ClientWithKey(_analystKey);

        using var response = await analyst.GetAsync(new Uri($"/api/calendar/deadline?{query}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Only_the_office_changes_the_calendar()
    {
        using var analyst = _app.ClientWithKey(_analystKey);
        using var anonymous = _app.ClientWithKey(null);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync(new Uri("/api/calendar/extensions", UriKind.Relative), Json(DayOff10June2026), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync(new Uri("/api/calendar/extensions", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/calendar", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_feedback_and_calendar_endpoints_and_marks_the_public_ones_keyless()
    {
        using var client = _app.ClientWithKey(null);

        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken))!;
        var paths = document["paths"]!.AsObject();

        foreach (var path in new[] { "/api/feedback", "/api/feedback/track/{trackingCode}", "/api/feedback/{trackingCode}", "/api/feedback/{trackingCode}/classify",
            "/api/feedback/{trackingCode}/publish", "/api/calendar", "/api/calendar/deadline", "/api/calendar/extensions" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }

        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var schema in new[] { "FeedbackSubmissionRequest", "FeedbackSubmitterRequest", "FeedbackAccepted", "FeedbackTrackingResponse", "FeedbackCaseResponse", "FeedbackClassifyRequest", "FeedbackAnswerRequest" })
        {
            Assert.True(schemas.ContainsKey(schema), $"schema {schema} is missing");
        }

        Assert.Empty(paths["/api/feedback"]!["post"]!["security"]!.AsArray());
        Assert.Empty(paths["/api/feedback/track/{trackingCode}"]!["get"]!["security"]!.AsArray());
        Assert.Null(paths["/api/feedback"]!["get"]!["security"]);
        Assert.NotNull(paths["/api/feedback/{trackingCode}/classify"]!["post"]!["requestBody"]);
    }

    [Theory]
    [InlineData("/api/feedback", "pageSize", "integer")]
    [InlineData("/api/feedback", "overdue", "boolean")]
    [InlineData("/api/calendar/deadline", "days", "integer")]
    [InlineData("/api/plans/{planId}/tasks/{taskId}/updates", "pageSize", "integer")]
    public async Task Query_numbers_and_flags_are_documented_with_their_type(string path, string parameter, string type)
    {
        using var client = _app.ClientWithKey(null);

        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken))!;

        var described = document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == parameter)!;
        Assert.Equal(type, (string?)described["schema"]!["type"]);
    }
}
