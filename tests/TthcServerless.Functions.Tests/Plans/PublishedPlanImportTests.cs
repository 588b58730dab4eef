using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>
/// Plans in the layouts other provinces publish (issue 15), through the API against the two-tier sample registry: what
/// is read is stored whole, a page cut short imports to the cut with a warning, and a refusal stores nothing.
/// </summary>
public sealed class PublishedPlanImportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new(azurite.ConnectionString);
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = _app.AdminClient();
        using var content = new StringContent(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "an-giang", "agencies.json")), Encoding.UTF8, "application/json");
        using var response = await _admin.PostAsync(new Uri("/api/agencies/import?mode=replace", UriKind.Relative), content);
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_one_cell_per_line_page_imports_its_sections_tasks_and_assignments_without_warnings()
    {
        var result = await SampleData.ImportPlanTextAsync(_admin, Fixture("one-cell-per-line.md"), "ag-2025", "text/markdown");

        Assert.Equal("created", result.GetProperty("status").GetString());
        Assert.Equal(5, result.GetProperty("taskCount").GetInt32());
        Assert.Equal(0, result.GetProperty("warnings").GetArrayLength());
        var plan = await GetAsync("/api/plans/ag-2025");
        Assert.Equal(2025, plan.GetProperty("plan").GetProperty("year").GetInt32());
        Assert.Equal(["I", "II"], plan.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("number").GetString()));
        var tasks = await GetAsync("/api/plans/ag-2025/tasks");
        Assert.Equal(["I.1", "I.2", "II.3", "II.4", "II.5"], tasks.EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
    }

    [Fact]
    public async Task A_page_cut_by_dots_imports_the_complete_tasks_and_answers_a_document_cut_warning()
    {
        var result = await SampleData.ImportPlanTextAsync(_admin, Fixture("cut-by-dots.md"), "ag-cut", "text/markdown", year: 2025);

        Assert.Equal(2, result.GetProperty("taskCount").GetInt32());
        var warning = Assert.Single(result.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "document.cut");
        Assert.Contains("bảng nhiệm vụ chỉ đọc được đến nhiệm vụ I.2", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await GetAsync("/api/plans/ag-cut/tasks")).GetArrayLength());
    }

    [Fact]
    public async Task A_page_cut_before_its_first_task_is_refused_as_problem_json_and_nothing_is_stored()
    {
        const string text = "| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n| I | TRIỂN KHAI | | |\n.........\n";
        using var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ag-cat&year=2025", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith("Văn bản bị cắt ở dòng 4", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync("/api/plans")).GetArrayLength());
    }

    [Theory]
    [InlineData("KẾ HOẠCH KIỂM SOÁT TTHC NĂM ٢٠٢٥\n\n| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Việc A | Sở Tư pháp | Quý I/2025 |\n")]
    [InlineData("KẾ HOẠCH\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày ０５/01/2025)\n\n| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Việc A | Sở Tư pháp | Quý I/2025 |\n")]
    public async Task A_preamble_in_other_digits_is_a_400_naming_them_not_a_500(string text)
    {
        using var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await _admin.PostAsync(new Uri("/api/plans/import?planId=ag-so", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("chữ số không phải 0–9", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync("/api/plans")).GetArrayLength());
    }

    [Fact]
    public async Task A_timeframe_in_other_digits_imports_the_task_unscheduled_with_a_warning()
    {
        const string text = "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Việc A | Sở Tư pháp | Tháng ١٢/2025 |\n";

        var result = await SampleData.ImportPlanTextAsync(_admin, text, "ag-tf", year: 2025);

        var warning = Assert.Single(result.GetProperty("warnings").EnumerateArray());
        Assert.Equal("timeframe.unscheduled", warning.GetProperty("code").GetString());
        Assert.Contains("chữ số không phải 0–9", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Plans", "Fixtures", name));

    private async Task<JsonElement> GetAsync(string path) =>
        await _admin.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
}
