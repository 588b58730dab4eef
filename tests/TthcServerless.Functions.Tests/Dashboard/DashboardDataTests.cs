using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Dashboard;

/// <summary>GET /api/dashboard/data: the workbook's numbers, narrowed by filters, shown by access rules.</summary>
public sealed class DashboardDataTests(DashboardSampleFixture sample, AzuriteFixture azurite) : IClassFixture<DashboardSampleFixture>
{
    private const string Plan = SampleData.PlanId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement.ArrayEnumerator Kpis(JsonElement data) => data.GetProperty("kpis").EnumerateArray();

    private static double? Value(JsonElement data, string key) =>
        Kpis(data).Single(k => k.GetProperty("key").GetString() == key).GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    private async Task<HttpResponseMessage> GetAsync(string? key, string query)
    {
        using var client = sample.App.ClientWithKey(key);
        return await client.GetAsync(new Uri($"/api/dashboard/data?{query}", UriKind.Relative), Ct);
    }

    [Fact]
    public async Task Every_card_equals_the_same_KPI_in_that_periods_workbook()
    {
        using var admin = sample.App.AdminClient();
        using var created = await admin.PostAsJsonAsync(new Uri("/api/reports", UriKind.Relative), new { planId = Plan, period = DashboardSampleFixture.Period }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var reportId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("reportId").GetString();

        var data = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}", Ct);

        Assert.Equal(reportId, data.GetProperty("workbook").GetProperty("reportId").GetString());
        await using var content = await admin.GetStreamAsync(new Uri(data.GetProperty("workbook").GetProperty("href").GetString()!, UriKind.Relative), Ct);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, Ct);
        using var workbook = new XLWorkbook(copy);
        var table = workbook.Table("Kpi");
        var rows = table.DataRange.Rows().ToDictionary(r => r.Field("KpiKey").GetString(), r => r.Field("ThisPeriod"));
        var compared = 0;
        foreach (var kpi in Kpis(data))
        {
            var cell = rows[kpi.GetProperty("key").GetString()!];
            var value = kpi.GetProperty("value");
            if (value.ValueKind == JsonValueKind.Null)
            {
                Assert.True(cell.IsEmpty(), kpi.GetProperty("key").GetString());
            }
            else
            {
                Assert.Equal(value.GetDouble(), cell.GetDouble(), 9);
            }

            compared++;
        }

        Assert.Equal(9, compared);
        Assert.True(Value(data, "assigned") > 0);
        Assert.True(Value(data, "completed-on-time") + Value(data, "completed-late") > 0);
    }

    [Fact]
    public async Task The_levels_assigned_counts_add_up_to_the_province()
    {
        var province = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}", Ct);
        var levels = province.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        double sum = 0;
        foreach (var level in levels)
        {
            var data = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}&level={level}", Ct);
            sum += data.GetProperty("empty").ValueKind == JsonValueKind.Null ? Value(data, "assigned") ?? 0 : 0;
        }

        Assert.True(levels.Count >= 2);
        Assert.Equal(Value(province, "assigned"), sum);
    }

    [Fact]
    public async Task An_agency_filter_shows_that_agencys_overdue_rows_only()
    {
        var province = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}", Ct);
        var agency = province.GetProperty("overdue").EnumerateArray().First().GetProperty("agencyId").GetString();

        var data = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}&agencyId={agency}", Ct);

        Assert.NotEmpty(data.GetProperty("overdue").EnumerateArray());
        Assert.All(data.GetProperty("overdue").EnumerateArray(), o => Assert.Equal(agency, o.GetProperty("agencyId").GetString()));
        Assert.True(Value(data, "assigned") < Value(province, "assigned"));
        // A slice is not the province's workbook: no download link for it.
        Assert.Equal(JsonValueKind.Null, data.GetProperty("workbook").ValueKind);
    }

    [Fact]
    public async Task An_agency_key_sees_the_provinces_figures_and_only_its_own_overdue_rows()
    {
        var (agency, key) = sample.AgencyKeys.First();

        using var response = await GetAsync(key, $"planId={Plan}&period={DashboardSampleFixture.Period}");

        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        var data = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var province = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}", Ct);
        Assert.Equal("agency", data.GetProperty("access").GetString());
        Assert.Equal(Value(province, "assigned"), Value(data, "assigned"));
        Assert.All(data.GetProperty("overdue").EnumerateArray(), o => Assert.Equal(agency, o.GetProperty("agencyId").GetString()));
    }

    [Fact]
    public async Task An_agency_key_asking_for_another_agency_is_forbidden()
    {
        var (agency, key) = sample.AgencyKeys.First();
        var other = sample.AgencyKeys.Keys.First(a => a != agency);

        using var response = await GetAsync(key, $"planId={Plan}&agencyId={other}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_analyst_key_sees_everything()
    {
        using var response = await GetAsync(sample.AnalystKey, $"planId={Plan}&period={DashboardSampleFixture.Period}");

        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        var data = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("everything", data.GetProperty("access").GetString());
        Assert.NotEmpty(data.GetProperty("overdue").EnumerateArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key-0123456789abcdef0123456789")]
    public async Task Without_a_valid_key_the_figures_need_one(string? key)
    {
        using var response = await GetAsync(key, $"planId={Plan}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_province_that_publishes_aggregates_shows_them_without_a_key_but_no_lists_and_no_workbook()
    {
        await using var app = new TestApp(azurite.ConnectionString, sample.App.Prefix)
            .WithSetting("Tthc:Dashboard:PublicAggregates", "true")
            .WithServices(services => services.AddSingleton<TimeProvider>(sample.Clock));
        using var anonymous = app.ClientWithKey(null);

        using var response = await anonymous.GetAsync(new Uri($"/api/dashboard/data?planId={Plan}&period={DashboardSampleFixture.Period}", UriKind.Relative), Ct);

        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        var data = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var province = await sample.DataAsync($"planId={Plan}&period={DashboardSampleFixture.Period}", Ct);
        Assert.Equal("public", data.GetProperty("access").GetString());
        Assert.Equal(Value(province, "on-time-rate"), Value(data, "on-time-rate"));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("overdue").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("workbook").ValueKind);

        using var wrongKey = app.ClientWithKey("not-a-key-0123456789abcdef0123456789");
        using var refused = await wrongKey.GetAsync(new Uri($"/api/dashboard/data?planId={Plan}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("period=2022-13", "period")]
    [InlineData("period=Q1-2022", "period")]
    [InlineData("level=nowhere", "level")]
    [InlineData("agencyId=no-such-agency", "agencyId")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, string parameter)
    {
        using var response = await GetAsync(TestApp.AdminKey, $"planId={Plan}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_plan_is_not_found()
    {
        using var response = await GetAsync(TestApp.AdminKey, "planId=no-such-plan");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("2021-Q4", "before-plan")]
    [InlineData("2022-Q3", "not-started")]
    public async Task A_period_with_nothing_to_show_says_why(string period, string reason)
    {
        var data = await sample.DataAsync($"planId={Plan}&period={period}", Ct);

        Assert.Equal(reason, data.GetProperty("empty").GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("empty").GetProperty("message").GetString()));
        Assert.Empty(Kpis(data));
    }

    [Fact]
    public async Task A_plan_without_any_report_says_so_instead_of_drawing_zeros()
    {
        using var admin = sample.App.AdminClient();
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText, planId: "tg-kstthc-2022-chua-bao-cao");

        var data = await sample.DataAsync("planId=tg-kstthc-2022-chua-bao-cao&period=2022-Q1", Ct);

        Assert.Equal("no-updates", data.GetProperty("empty").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Without_a_period_the_year_is_shown_once_the_plans_year_is_over_and_the_month_while_it_runs()
    {
        var data = await sample.DataAsync($"planId={Plan}", Ct);

        // Today is 20/04/2022 in the fixture: the month in progress is 2022-05 (its window opened on 15/04).
        Assert.Equal("2022-05", data.GetProperty("period").GetProperty("id").GetString());
        Assert.True(data.GetProperty("period").GetProperty("provisional").GetBoolean());
    }
}
