using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>Importing a plan as offices have it, re-importing it, amending it — and refusing what is not a plan, with nothing stored.</summary>
public sealed class PlanImportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new(azurite.ConnectionString);
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(_admin);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_real_plan_as_text_imports_37_tasks_and_707_assignments_without_warnings()
    {
        var result = await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);

        Assert.Equal("created", result.GetProperty("status").GetString());
        Assert.Equal(37, result.GetProperty("taskCount").GetInt32());
        Assert.Equal(707, result.GetProperty("assignmentCount").GetInt32());
        Assert.Equal(0, result.GetProperty("warnings").GetArrayLength());
        var plan = await GetAsync($"/api/plans/{SampleData.PlanId}");
        Assert.Equal("45/QĐ-UBND", plan.GetProperty("plan").GetProperty("decisionNumber").GetString());
        Assert.Equal("2022-01-07", plan.GetProperty("plan").GetProperty("decisionDate").GetString());
        Assert.Equal(2022, plan.GetProperty("plan").GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task Reimporting_the_same_plan_changes_nothing()
    {
        var first = await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);

        var again = await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);

        Assert.Equal("unchanged", again.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("revision").GetString(), again.GetProperty("revision").GetString());
    }

    [Fact]
    public async Task The_same_text_with_decomposed_diacritics_and_CRLF_imports_identically()
    {
        await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText, "ban-goc");

        await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText.Normalize(NormalizationForm.FormD).Replace("\n", "\r\n", StringComparison.Ordinal), "ban-nfd-crlf");

        Assert.Equal(await TasksJsonAsync("ban-goc"), await TasksJsonAsync("ban-nfd-crlf"));
        Assert.Equal(await AssignmentCountAsync("ban-goc"), await AssignmentCountAsync("ban-nfd-crlf"));
    }

    [Fact]
    public async Task The_same_plan_as_a_Word_document_imports_identically()
    {
        await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText, "ban-goc");
        using var content = new ByteArrayContent(PlanDocx.FromText(SampleData.PlanText));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ban-word", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.Created);
        Assert.Equal(await TasksJsonAsync("ban-goc"), await TasksJsonAsync("ban-word"));
        var plan = await GetAsync("/api/plans/ban-word");
        Assert.Equal("45/QĐ-UBND", plan.GetProperty("plan").GetProperty("decisionNumber").GetString());
    }

    [Fact]
    public async Task A_Word_document_sent_without_a_content_type_is_recognised()
    {
        using var content = new ByteArrayContent(PlanDocx.FromText(SampleData.PlanText));

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ban-word", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_canonical_json_form_imports_identically()
    {
        await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText, "ban-goc");
        var tasks = await GetAsync("/api/plans/ban-goc/tasks");
        var sections = (await GetAsync("/api/plans/ban-goc")).GetProperty("sections").EnumerateArray().Select(section => new
        {
            number = section.GetProperty("number").GetString(),
            title = section.GetProperty("title").GetString(),
            tasks = tasks.EnumerateArray().Where(t => t.GetProperty("section").GetString() == section.GetProperty("number").GetString()).Select(t => new
            {
                number = t.GetProperty("number").GetInt32(),
                content = t.GetProperty("content").GetString(),
                lead = t.GetProperty("lead").GetProperty("text").GetString(),
                coordinating = t.GetProperty("coordinating").GetProperty("text").GetString(),
                expectedOutput = t.GetProperty("expectedOutput").GetString(),
                timeframe = t.GetProperty("timeframe").GetProperty("text").GetString(),
            }).ToList(),
        }).ToList();

        using var response = await _admin.PostAsync(new Uri("/api/plans/import", UriKind.Relative),
            JsonContent.Create(new { planId = "ban-json", year = 2022, decisionNumber = "45/QĐ-UBND", decisionDate = "2022-01-07", sections }), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.Created);
        Assert.Equal(await TasksJsonAsync("ban-goc"), await TasksJsonAsync("ban-json"));
    }

    [Fact]
    public async Task A_markdown_table_imports_with_its_warnings_listed()
    {
        const string markdown = """
            | STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian thực hiện |
            |---|---|---|---|---|---|
            | I. VĂN BẢN | | | | | |
            | 1 | Kế hoạch rà soát | Sở Tư pháp | Hội Luật gia tỉnh | Kế hoạch | Quý I/2026 |
            | 2 | Việc không rõ lịch | Sở Du lịch | | | Khi nào rảnh |
            """;

        var result = await SampleData.ImportPlanTextAsync(_admin, markdown, "ban-md-2026", "text/markdown", year: 2026);

        var codes = result.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Contains("coordinating.unresolved", codes);
        Assert.Contains("lead.unresolved", codes);
        Assert.Contains("timeframe.unscheduled", codes);
        Assert.Equal(1, result.GetProperty("assignmentCount").GetInt32());
        Assert.Equal(codes.Count, (await GetAsync("/api/plans/ban-md-2026")).GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task An_amended_plan_updates_tasks_and_assignments_in_place()
    {
        var first = await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);
        var amended = AmendedPlan();

        var result = await SampleData.ImportPlanTextAsync(_admin, amended);

        Assert.Equal("updated", result.GetProperty("status").GetString());
        Assert.NotEqual(first.GetProperty("revision").GetString(), result.GetProperty("revision").GetString());
        Assert.Equal(["III.14"], result.GetProperty("changes").GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["VI.5"], result.GetProperty("changes").GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(36, (await GetAsync($"/api/plans/{SampleData.PlanId}/tasks")).GetArrayLength());
        var vi5 = await GetAsync($"/api/plans/{SampleData.PlanId}/assignments?agencyId=van-phong-ubnd-tinh");
        Assert.Equal("2023-02-28", vi5.EnumerateArray().Single(a => a.GetProperty("taskId").GetString() == "VI.5").GetProperty("dueDate").GetString());
        Assert.DoesNotContain(vi5.EnumerateArray(), a => a.GetProperty("taskId").GetString() == "III.14");
    }

    [Fact]
    public async Task Readers_see_the_old_plan_or_the_new_one_never_a_mix()
    {
        const string officeAssignments = $"/api/plans/{SampleData.PlanId}/assignments?agencyId=van-phong-ubnd-tinh";
        await SampleData.ImportPlanTextAsync(_admin, AmendedPlan());
        var amendedCount = (await GetAsync(officeAssignments)).GetArrayLength();
        await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);
        var originalCount = (await GetAsync(officeAssignments)).GetArrayLength();
        Assert.Equal(originalCount - 1, amendedCount);
        using var reader = _app.AdminClient();
        var counts = new List<int>();
        using var stop = new CancellationTokenSource();

        var reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                counts.Add((await reader.GetFromJsonAsync<JsonElement>(new Uri(officeAssignments, UriKind.Relative))).GetArrayLength());
            }
        }, TestContext.Current.CancellationToken);
        for (var i = 0; i < 3; i++)
        {
            await SampleData.ImportPlanTextAsync(_admin, AmendedPlan());
            await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);
        }

        await stop.CancelAsync();
        await reading;

        // Any count other than the whole old plan's or the whole new plan's would be a half-imported plan.
        Assert.NotEmpty(counts);
        Assert.All(counts, count => Assert.True(count == originalCount || count == amendedCount, $"saw {count} assignments"));
    }

    [Theory]
    [InlineData("Đây không phải kế hoạch.\nKhông có bảng nào.", "text/plain", HttpStatusCode.BadRequest)]
    [InlineData("| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| x | Việc | Sở Y tế | Quý I/2026 |", "text/plain", HttpStatusCode.BadRequest)]
    [InlineData("{ \"planId\": \"ban-loi\", ", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{ \"planId\": \"ban-loi\", \"year\": 2026 }", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{ \"planId\": \"ban-loi\", \"year\": 2026, \"sections\": [{ \"number\": \"I\", \"tasks\": [{ \"number\": 1 }] }] }", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{ \"planId\": \"ban-loi\", \"year\": \"hai nghìn\" }", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{ \"planId\": \"ban-loi\", \"typo\": 1 }", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("PK\u0003\u0004 not really a zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", HttpStatusCode.BadRequest)]
    [InlineData("%PDF-1.7", "application/pdf", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("", "text/plain", HttpStatusCode.BadRequest)]
    public async Task Input_that_is_not_a_plan_is_refused_as_problem_json_and_nothing_is_stored(string body, string mediaType, HttpStatusCode expected)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ban-loi&year=2026", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await GetAsync("/api/plans")).GetArrayLength());
    }

    [Theory]
    [InlineData("", "planId")]
    [InlineData("?planId=Ke%20Hoach", "planId")]
    [InlineData("?planId=ban-a&province=ha-noi", "province")]
    [InlineData("?planId=ban-a&year=1800", "year")]
    public async Task Missing_or_invalid_identity_is_refused_naming_the_field(string query, string field)
    {
        using var content = new StringContent(SampleData.PlanText, Encoding.UTF8, "text/plain");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import" + query, UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_refused()
    {
        using var content = new ByteArrayContent([0x53, 0xC3, 0x28, 0xFF, 0xFE, 0x41]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ban-a&year=2026", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_document_answers_413()
    {
        using var content = new ByteArrayContent(new byte[11 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ban-a&year=2026", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_plan_answers_404()
    {
        using var response = await _admin.GetAsync(new Uri("/api/plans/khong-co/tasks", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The seed with task III.14 removed and VI.5 moved from January to February 2023.</summary>
    private static string AmendedPlan()
    {
        var text = SampleData.PlanText.Replace("\tTháng 01/2023", "\tTháng 02/2023", StringComparison.Ordinal);
        var start = text.IndexOf("\t14\n\tTriển khai các nội dung, hệ thống", StringComparison.Ordinal);
        var end = text.IndexOf("\tIV. TIẾP NHẬN", start, StringComparison.Ordinal);
        Assert.True(start > 0 && end > start);
        return text[..start] + text[end..];
    }

    private async Task<JsonElement> GetAsync(string path) =>
        await _admin.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    private async Task<string> TasksJsonAsync(string planId) => (await GetAsync($"/api/plans/{planId}/tasks")).GetRawText();

    private async Task<int> AssignmentCountAsync(string planId) => (await GetAsync($"/api/plans/{planId}/assignments")).GetArrayLength();
}
