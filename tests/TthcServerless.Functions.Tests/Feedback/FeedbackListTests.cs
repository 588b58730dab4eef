using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>The staff list (filters, paging) and deadlines that follow the calendar, on an app of their own.</summary>
public sealed class FeedbackListTests(FeedbackFixture fixture) : IClassFixture<FeedbackFixture>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static async Task<List<string>> CodesAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/feedback?{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingCode").GetString()!)];
    }

    [Fact]
    public async Task Staff_filter_by_stage_agency_overdue_and_arrival_day_and_page_oldest_first()
    {
        using var admin = fixture.App.AdminClient();

        // Three cases on Mon 4/5/2026 (A stays new, B goes to Sở Tư pháp, C is refused), one on mùng 2 Tết 2026.
        fixture.Clock.Set(new DateTimeOffset(2026, 5, 4, 9, 0, 0, Vietnam));
        var a = await fixture.SubmitAndWaitAsync("ListA");
        var b = await fixture.HandlingAtJusticeAsync("ListB");
        var c = await fixture.SubmitAndWaitAsync("ListC");
        await FeedbackFixture.MoveOkAsync(admin, c, "receive");
        await FeedbackFixture.MoveOkAsync(admin, c, "classify", new { inScope = false, reason = "Tố cáo", reply = "Đề nghị gửi theo Luật Tố cáo." });
        fixture.Clock.Set(new DateTimeOffset(2026, 2, 18, 20, 0, 0, Vietnam));
        var h = await fixture.SubmitAndWaitAsync("ListTet");

        // Fri 15/5/2026: A was to be classified by Wed 6/5 (5, 6); B's answer is due Mon 25/5 (5–8, 11–15, 18–22, 25).
        fixture.Clock.Set(new DateTimeOffset(2026, 5, 15, 9, 0, 0, Vietnam));
        const string may4 = "submittedFrom=2026-05-04&submittedTo=2026-05-04";
        Assert.Equal([c], await CodesAsync(admin, $"stage=rejected&{may4}"));
        Assert.Equal([b], await CodesAsync(admin, $"agencyId={FeedbackFixture.Justice}"));
        Assert.Equal([a], await CodesAsync(admin, $"overdue=true&{may4}"));
        Assert.Equal([b, c], await CodesAsync(admin, $"overdue=false&{may4}"));
        Assert.Equal([h], await CodesAsync(admin, "submittedFrom=2026-02-01&submittedTo=2026-02-28"));
        using (var justice = fixture.Agency(FeedbackFixture.Justice))
        {
            Assert.Equal([b], await CodesAsync(justice, may4));
        }

        var first = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/feedback?{may4}&pageSize=2", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = first.GetProperty("continuationToken").GetString();
        Assert.NotNull(token);
        var second = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/feedback?{may4}&pageSize=2&continuationToken={token}", UriKind.Relative), TestContext.Current.CancellationToken);
        var paged = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("trackingCode").GetString()).ToList();
        Assert.Equal([a, b, c], paged);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("continuationToken").ValueKind);

        // Received on a holiday (Wed 18/2/2026, mùng 2 Tết): counting starts Mon 23/2, so classify by Tue 24/2.
        var tet = await FeedbackFixture.GetCaseAsync(admin, h);
        Assert.Equal("2026-02-24", tet.GetProperty("deadlines").GetProperty("classifyBy").GetString());
        Assert.Equal("2026-03-13", tet.GetProperty("deadlines").GetProperty("answerBy").GetString());
    }

    [Theory]
    [InlineData("stage=closed", "stage")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("continuationToken=%25%25%25", "continuationToken")]
    [InlineData("continuationToken=YSBiIGM", "continuationToken")] // base64url of "a b c": three keys, no token of the SDK has that shape
    [InlineData("submittedFrom=2026-06-10&submittedTo=2026-06-01", "submittedTo")]
    [InlineData("agencyId=S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p", "agencyId")]
    [InlineData("submittedFrom=10/06/2026", "submittedFrom")]
    public async Task A_bad_filter_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        using var admin = fixture.App.AdminClient();

        using var response = await admin.GetAsync(new Uri($"/api/feedback?{query}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
    }

    [Fact]
    public async Task A_deadline_in_a_year_the_calendar_lacks_is_reported_until_an_administrator_adds_that_year()
    {
        using var admin = fixture.App.AdminClient();
        fixture.Clock.Set(new DateTimeOffset(2028, 12, 26, 10, 0, 0, Vietnam));
        var code = await fixture.SubmitAndWaitAsync("Year2029");

        var before = (await FeedbackFixture.GetCaseAsync(admin, code)).GetProperty("deadlines");
        Assert.Equal("2028-12-28", before.GetProperty("classifyBy").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("answerBy").ValueKind);
        Assert.Contains("2029", before.GetProperty("problem").GetString(), StringComparison.Ordinal);

        const string year2029 = """
            { "version": "2029-test", "years": [ { "year": 2029, "status": "provisional", "basis": "Kiểm thử: chỉ Tết Dương lịch",
              "entries": [ { "date": "2029-01-01", "kind": "holiday", "name": "Tết Dương lịch", "basis": "BLLĐ 2019 Điều 112(1)(a)" } ] } ] }
            """;
        using var added = await admin.PostAsync(new Uri("/api/calendar/extensions", UriKind.Relative), new StringContent(year2029, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(added, HttpStatusCode.Created);

        // Tue 26/12/2028 + 15: 27, 28, 29/12 (3); Mon 1/1/2029 is a holiday; 2–5/1 (7), 8–12/1 (12), 15, 16, 17/1 (15).
        var after = (await FeedbackFixture.GetCaseAsync(admin, code)).GetProperty("deadlines");
        Assert.Equal("2029-01-17", after.GetProperty("answerBy").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task A_case_whose_deadline_the_calendar_cannot_give_is_listed_with_the_overdue_ones()
    {
        using var admin = fixture.App.AdminClient();
        using var reset = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/calendar/extensions", UriKind.Relative)) { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        await SampleData.EnsureAsync(await admin.SendAsync(reset, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        fixture.Clock.Set(new DateTimeOffset(2028, 12, 20, 10, 0, 0, Vietnam));
        var code = await fixture.SubmitAndWaitAsync("NoDeadline");
        await FeedbackFixture.MoveOkAsync(admin, code, "receive");
        var classified = await FeedbackFixture.MoveOkAsync(admin, code, "classify", new { inScope = true, topic = "regulation" });
        Assert.Equal(JsonValueKind.Null, classified.GetProperty("deadlines").GetProperty("current").ValueKind);

        var overdue = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/feedback?overdue=true&submittedFrom=2028-12-20&submittedTo=2028-12-20", UriKind.Relative), TestContext.Current.CancellationToken);
        var onTime = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/feedback?overdue=false&submittedFrom=2028-12-20&submittedTo=2028-12-20", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == code);
        Assert.DoesNotContain(onTime.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == code);
    }
}
