using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Samples;

namespace TthcServerless.Functions.Tests.Reports;

/// <summary>
/// The synthetic sample year that scripts/run-local.sh loads (samples/README.md), replayed through the API by the same
/// code, then the Q1 and annual 2022 reports generated from it: a newcomer's first report has something in every sheet.
/// </summary>
public sealed class SampleYearFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public ShiftedClock Clock { get; } = new(new DateTimeOffset(2022, 1, 7, 8, 0, 0, TimeSpan.FromHours(7)));

    public TestApp App { get; private set; } = null!;

    public SampleYearSummary Summary { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = new TestApp(azurite.ConnectionString).WithKestrel().WithServices(services => services.AddSingleton<TimeProvider>(Clock));
        foreach (var (key, value) in SampleYear.HostSettings)
        {
            App.WithSetting(key, value);
        }

        using var admin = App.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        Summary = await new SampleYear(admin, App.ClientWithKey, Clock).ReplayAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class SampleYearTests(SampleYearFixture sample) : IClassFixture<SampleYearFixture>
{
    private static readonly string[] EveryStage =
        ["submitted", "received", "classified", "assigned", "handling", "awaiting-information", "answered", "published", "rejected"];

    [Fact]
    public void The_sample_year_walks_a_case_into_every_stage()
    {
        Assert.Equal(EveryStage.Order(StringComparer.Ordinal), sample.Summary.FinalStages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(SampleYear.FeedbackCases, sample.Summary.FinalStages.Values.Sum());
    }

    [Fact]
    public async Task The_first_quarter_report_of_the_sample_year_has_rows_in_every_table()
    {
        using var workbook = await ReportAsync("2022-Q1");

        var empty = workbook.Worksheets.SelectMany(w => w.Tables).Where(t => t.DataRange is null || t.DataRange.RowCount() == 0 || IsBlank(t)).Select(t => t.Name).ToList();
        Assert.True(empty.Count == 0, $"empty tables: {string.Join(", ", empty)}");
    }

    [Fact]
    public async Task The_annual_report_of_the_sample_year_shows_every_standing_and_every_stage()
    {
        using var workbook = await ReportAsync("2022");

        var standings = Column(workbook, "FactAssignment", "StandingKey").Distinct().ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["completed-on-time", "completed-late", "overdue", "reported-this-period", "not-reported-this-period"], StringComparer.Ordinal), standings);
        var stages = Column(workbook, "FactFeedback", "StageKey").ToHashSet(StringComparer.Ordinal);
        Assert.Superset(EveryStage.ToHashSet(StringComparer.Ordinal), stages);
        Assert.Contains(Column(workbook, "Issues", "Difficulties"), d => d.Length > 0);
    }

    [Fact]
    public async Task An_early_quarter_still_has_assignments_not_started_and_in_progress()
    {
        using var workbook = await ReportAsync("2022-Q1");

        var standings = Column(workbook, "FactAssignment", "StandingKey").ToHashSet(StringComparer.Ordinal);
        Assert.Contains("not-started", standings);
        Assert.Contains("in-progress", standings);
    }

    private static bool IsBlank(IXLTable table) => table.DataRange.Rows().All(r => r.Cells().All(c => c.IsEmpty()));

    private static IEnumerable<string> Column(XLWorkbook workbook, string table, string column)
    {
        var found = workbook.Worksheets.SelectMany(w => w.Tables).Single(t => t.Name == table);
        return found.DataRange.Rows().Select(r => r.Field(column).GetString());
    }

    private async Task<XLWorkbook> ReportAsync(string period)
    {
        using var admin = sample.App.AdminClient();
        using var response = await admin.PostAsJsonAsync(new Uri("/api/reports", UriKind.Relative), new { planId = SampleYear.PlanId, period }, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(report.GetProperty("provisional").GetBoolean());
        var bytes = await admin.GetByteArrayAsync(new Uri(report.GetProperty("contentUrl").GetString()!, UriKind.RelativeOrAbsolute), TestContext.Current.CancellationToken);
        return new XLWorkbook(new MemoryStream(bytes));
    }
}
