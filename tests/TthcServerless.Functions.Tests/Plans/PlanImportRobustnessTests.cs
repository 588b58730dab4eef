using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>Plans that are odd but not wrong import whole; plans that cannot be stored are refused with a 400, never a 500.</summary>
public sealed class PlanImportRobustnessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Header = """
        | STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian thực hiện |
        |---|---|---|---|---|---|

        """;

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

    [Theory]
    [InlineData("""{ "planId": "ban-loi", "year": 2026, "sections": [null] }""", "sections[0]")]
    [InlineData("""{ "planId": "ban-loi", "year": 2026, "sections": [{ "number": "I", "tasks": [{ "number": 1, "content": "Việc" }, null] }] }""", "sections[0].tasks[1]")]
    public async Task A_null_item_in_json_is_refused_naming_its_path(string json, string path)
    {
        var problem = await RefusedAsync(json);

        Assert.Contains(path, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_with_two_sections_of_the_same_number_is_refused_naming_the_number()
    {
        var problem = await RefusedAsync("""
            { "planId": "ban-loi", "year": 2026, "sections": [
              { "number": "II", "title": "Một", "tasks": [{ "number": 1, "content": "Việc một" }] },
              { "number": "II", "title": "Hai", "tasks": [{ "number": 2, "content": "Việc hai" }] } ] }
            """);

        Assert.Contains("mục II", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_with_two_sections_without_a_number_is_refused()
    {
        var problem = await RefusedAsync("""
            { "planId": "ban-loi", "year": 2026, "sections": [
              { "title": "Một", "tasks": [{ "number": 1, "content": "Việc một" }] },
              { "title": "Hai", "tasks": [{ "number": 2, "content": "Việc hai" }] } ] }
            """);

        Assert.Contains("sections[1]", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_before_the_first_heading_is_kept_apart_from_the_first_task_of_the_first_section()
    {
        var result = await SampleData.ImportPlanTextAsync(_admin, Header + """
            | 1 | Việc chung | Sở Tư pháp | | Báo cáo | Quý I/2026 |
            | I. VĂN BẢN | | | | | |
            | 1 | Kế hoạch rà soát | Sở Y tế | | Kế hoạch | Quý II/2026 |
            """, "ban-dau", "text/markdown", year: 2026);

        Assert.Equal(2, result.GetProperty("taskCount").GetInt32());
        var tasks = await GetAsync("/api/plans/ban-dau/tasks");
        Assert.Equal(["1", "I.1"], tasks.EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
        var assignments = await GetAsync("/api/plans/ban-dau/assignments");
        Assert.Equal(["1", "I.1"], assignments.EnumerateArray().Select(a => a.GetProperty("taskId").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Assignments_of_a_task_missing_from_storage_are_still_listed()
    {
        await SampleData.ImportPlanTextAsync(_admin, Header + """
            | I. VĂN BẢN | | | | | |
            | 1 | Kế hoạch rà soát | Sở Tư pháp | | Kế hoạch | Quý I/2026 |
            | 2 | Báo cáo | Sở Y tế | | Báo cáo | Quý II/2026 |
            """, "ban-thieu", "text/markdown", year: 2026);
        var tasks = new TableServiceClient(azurite.ConnectionString).GetTableClient(_app.Prefix + "PlanTasks");
        var stored = tasks.QueryAsync<TableEntity>(e => e.GetString("TaskId") == "I.2", cancellationToken: TestContext.Current.CancellationToken);
        await foreach (var entity in stored)
        {
            await tasks.DeleteEntityAsync(entity, cancellationToken: TestContext.Current.CancellationToken);
        }

        var assignments = await GetAsync("/api/plans/ban-thieu/assignments");

        Assert.Equal(["I.1", "I.2"], assignments.EnumerateArray().Select(a => a.GetProperty("taskId").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Very_long_unresolved_lead_cells_are_imported_with_their_warnings_shortened()
    {
        var lead = string.Join(" ", Enumerable.Range(1, 700).Select(i => $"Tổ{i}"));
        var rows = string.Join("\n", Enumerable.Range(1, 4).Select(i => $"| {i} | Việc {i} | {lead} | {lead} | Báo cáo | Quý I/2026 |"));

        var result = await SampleData.ImportPlanTextAsync(_admin, Header + "| I. VĂN BẢN | | | | | |\n" + rows, "ban-dai", "text/markdown", year: 2026);

        Assert.Equal(4, result.GetProperty("taskCount").GetInt32());
        var plan = await GetAsync("/api/plans/ban-dai");
        Assert.Equal(12, plan.GetProperty("plan").GetProperty("warningCount").GetInt32());
        Assert.NotEmpty(plan.GetProperty("warnings").EnumerateArray());
        Assert.All(plan.GetProperty("warnings").EnumerateArray(), w => Assert.True(w.GetProperty("text").GetString()!.Length <= 200));
        Assert.Equal(lead, (await GetAsync("/api/plans/ban-dai/tasks/I.1")).GetProperty("lead").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_plan_of_maximal_cells_is_stored_whole_in_transactions_within_the_4_MiB_limit()
    {
        // 100 tasks whose four text cells are 8,000 Vietnamese characters each: ~64 KB a row once JSON-escaped, so the 100
        // rows in one transaction would be ~6.5 MB, past Azure's 4 MiB for an entity group transaction. Azurite does not
        // enforce the limit, so the test measures what was sent.
        static string Cell(int task, char letter) => ($"{task}{letter} " + string.Concat(Enumerable.Repeat("Việc ", 1600)))[..7999] + ".";
        var tasks = Enumerable.Range(1, 100).Select(i => new
        {
            number = i,
            content = Cell(i, 'a'),
            lead = Cell(i, 'b'),
            coordinating = Cell(i, 'c'),
            expectedOutput = Cell(i, 'd'),
            timeframe = "Quý I/2026",
        });
        using var response = await _admin.PostAsync(
            new Uri("/api/plans/import", UriKind.Relative),
            JsonContent.Create(new { planId = "o-toi-da", year = 2026, sections = new[] { new { number = "I", title = "Văn bản", tasks } } }),
            TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(100, result.GetProperty("taskCount").GetInt32());
        var task = await GetAsync("/api/plans/o-toi-da/tasks/I.100");
        Assert.Equal(Cell(100, 'a'), task.GetProperty("content").GetString());
        Assert.Equal(8000, task.GetProperty("expectedOutput").GetString()!.Length);
        var largest = _app.Services.GetRequiredService<StorageRequestCounter>().LargestTransactionBytes;
        Assert.InRange(largest, 1, 4 * 1024 * 1024);
    }

    [Fact]
    public async Task A_section_title_longer_than_400_characters_is_refused_naming_the_section()
    {
        var problem = await RefusedAsync($$"""
            { "planId": "ban-loi", "year": 2026, "sections": [
              { "number": "IV", "title": "{{new string('A', 401)}}", "tasks": [{ "number": 1, "content": "Việc" }] } ] }
            """);

        Assert.Contains("mục IV", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_whose_sections_do_not_fit_in_a_table_row_is_refused_and_no_task_is_stored()
    {
        var sections = Enumerable.Range(1, 100).Select(i => new
        {
            number = $"S{i}",
            title = new string('T', 400),
            tasks = new[] { new { number = 1, content = $"Việc {i}" } },
        });

        using var response = await _admin.PostAsync(new Uri("/api/plans/import", UriKind.Relative),
            JsonContent.Create(new { planId = "ban-loi", year = 2026, sections }), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, (await GetAsync("/api/plans")).GetArrayLength());
        var tasks = new TableServiceClient(azurite.ConnectionString).GetTableClient(_app.Prefix + "PlanTasks");
        await tasks.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        Assert.Empty(await tasks.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
    }

    private async Task<JsonElement> RefusedAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await GetAsync("/api/plans")).GetArrayLength());
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _admin.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
