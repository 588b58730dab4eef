using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>Who owes what by when: reading tasks and assignments of the imported sample plan.</summary>
public sealed class PlanReadTests(SamplePlanFixture sample) : IClassFixture<SamplePlanFixture>
{
    private const string Assignments = $"/api/plans/{SampleData.PlanId}/assignments";

    private async Task<JsonElement> GetAsync(string path, string? key = TestApp.AdminKey)
    {
        using var client = sample.App.ClientWithKey(key);
        return await client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_department_sees_its_tasks_with_content_output_and_due_dates()
    {
        var own = await GetAsync($"{Assignments}?agencyId=so-thong-tin-va-truyen-thong");

        var i4 = own.EnumerateArray().Single(a => a.GetProperty("taskId").GetString() == "I.4");
        Assert.Equal("2022-03-31", i4.GetProperty("dueDate").GetString());
        Assert.Equal("Quý I/2022", i4.GetProperty("timeframeText").GetString());
        Assert.Equal("Kế hoạch hoặc Công văn", i4.GetProperty("expectedOutput").GetString());
        Assert.Equal("Sở Thông tin và Truyền thông", i4.GetProperty("agencyName").GetString());
        Assert.Equal("deadline", i4.GetProperty("timeframeKind").GetString());
    }

    [Fact]
    public async Task An_agency_key_without_a_filter_sees_only_its_own_assignments()
    {
        var mine = await GetAsync(Assignments, sample.AgencyKey);

        Assert.NotEmpty(mine.EnumerateArray());
        Assert.All(mine.EnumerateArray(), a => Assert.Equal(SamplePlanFixture.OwnAgency, a.GetProperty("agencyId").GetString()));
    }

    [Fact]
    public async Task Assignments_filter_by_level()
    {
        var communes = await GetAsync($"{Assignments}?level=xa");

        // Ten tasks (III.5–7, III.9–13, IV.2, V.3) are led by "… UBND cấp huyện, cấp xã": 31 communes each in the sample.
        Assert.Equal(10 * 31, communes.GetArrayLength());
        Assert.All(communes.EnumerateArray(), a => Assert.Equal("xa", a.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Assignments_filter_by_due_date_range()
    {
        var dueInQ1 = await GetAsync($"{Assignments}?dueAfter=2022-01-01&dueBefore=2022-03-31");

        Assert.Equal(["I.1", "I.2", "I.3", "I.4"], dueInQ1.EnumerateArray().Select(a => a.GetProperty("taskId").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tasks_filter_by_section()
    {
        var section = await GetAsync($"/api/plans/{SampleData.PlanId}/tasks?section=IV");

        Assert.Equal(["IV.1", "IV.2", "IV.3"], section.EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
    }

    [Fact]
    public async Task A_task_shows_its_cells_as_written_and_as_resolved()
    {
        var task = await GetAsync($"/api/plans/{SampleData.PlanId}/tasks/I.4");

        Assert.Equal("Văn phòng, Bưu điện tỉnh", task.GetProperty("coordinating").GetProperty("text").GetString());
        Assert.Equal(["van-phong-ubnd-tinh", "buu-dien-tinh"], task.GetProperty("coordinating").GetProperty("agencyIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2022-03-31", task.GetProperty("timeframe").GetProperty("dueDate").GetString());
    }

    [Fact]
    public async Task An_invalid_date_filter_is_a_400_problem()
    {
        using var client = sample.App.AdminClient();

        using var response = await client.GetAsync(new Uri($"{Assignments}?dueBefore=31/03/2022", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task One_agencys_assignments_cost_a_bounded_number_of_storage_requests()
    {
        await GetAsync($"{Assignments}?agencyId=so-y-te");
        var counter = sample.App.Services.GetRequiredService<StorageRequestCounter>();
        var before = counter.Count;

        await GetAsync($"{Assignments}?agencyId=so-y-te");

        // Plan header, the agency's assignment range, the revision's tasks, and at most a registry revalidation.
        Assert.InRange(counter.Count - before, 1, 4);
    }
}
