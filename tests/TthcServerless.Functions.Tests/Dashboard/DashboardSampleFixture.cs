using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Samples;

namespace TthcServerless.Functions.Tests.Dashboard;

/// <summary>
/// The app on a loopback port with the sample registry and 2022 plan, progress reported on 21/02/2022 (the earliest-due
/// assignment left unreported, so it is overdue; the other dated ones alternately completed on 18/02 and in progress; six
/// recurring ones in progress) and three PAKN cases, then the clock moved to 20/04/2022 so the first quarter's window
/// (15/12/2021–14/03/2022) is closed.
/// </summary>
public sealed class DashboardSampleFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Period = "2022-Q1";
    public static readonly DateTimeOffset ReportedAt = new(2022, 2, 21, 9, 0, 0, VietnamTime.Offset);
    public static readonly DateTimeOffset Today = new(2022, 4, 20, 9, 0, 0, VietnamTime.Offset);

    public ShiftedClock Clock { get; } = new(ReportedAt);

    public TestApp App { get; private set; } = null!;

    public string BaseAddress { get; private set; } = string.Empty;

    public string AnalystKey { get; private set; } = string.Empty;

    public Dictionary<string, string> AgencyKeys { get; } = new(StringComparer.Ordinal);

    public async ValueTask InitializeAsync()
    {
        App = new TestApp(azurite.ConnectionString).WithKestrel().WithServices(services => services.AddSingleton<TimeProvider>(Clock));
        using var admin = App.AdminClient();
        BaseAddress = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        AnalystKey = await SampleData.IssueKeyAsync(admin, "analyst");

        var assignments = await admin.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/plans/{SampleData.PlanId}/assignments", UriKind.Relative), TestContext.Current.CancellationToken);
        var all = (assignments.ValueKind == JsonValueKind.Array ? assignments : assignments.GetProperty("items")).EnumerateArray().ToList();
        var dated = all.Where(a => a.GetProperty("dueDate").ValueKind == JsonValueKind.String)
            .OrderBy(a => a.GetProperty("dueDate").GetString(), StringComparer.Ordinal).ToList();
        Assert.True(dated.Count >= 3, $"the sample plan has {dated.Count} dated assignments");
        // The earliest-due assignment is left unreported (overdue); the other dated ones alternate completed / in
        // progress; six recurring ones report this period.
        var reports = dated.Skip(1).Select((a, i) => (Assignment: a, Completed: i % 2 == 0))
            .Concat(all.Where(a => a.GetProperty("dueDate").ValueKind != JsonValueKind.String).Take(6).Select(a => (Assignment: a, Completed: false)))
            .ToList();

        var updateIds = new List<(string Key, string Id)>();
        foreach (var (assignment, completed) in reports)
        {
            var agency = assignment.GetProperty("agencyId").GetString()!;
            if (!AgencyKeys.TryGetValue(agency, out var key))
            {
                key = AgencyKeys[agency] = await SampleData.IssueAgencyKeyAsync(admin, agency);
            }

            var body = completed
                ? (object)new { status = "completed", completedOn = "2022-02-18", outputDocument = new { number = $"{10 + updateIds.Count}/KH-UBND", date = "2022-02-18" }, period = "2022-02" }
                : new { status = "in-progress", progressPercent = 40, difficulties = "Thiếu nhân lực chuyên trách.", period = "2022-02" };
            using var client = App.ClientWithKey(key);
            using var response = await client.PostAsJsonAsync(new Uri($"/api/plans/{SampleData.PlanId}/tasks/{assignment.GetProperty("taskId").GetString()}/updates", UriKind.Relative), body, TestContext.Current.CancellationToken);
            await SampleData.EnsureAsync(response, HttpStatusCode.Accepted);
            updateIds.Add((key, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("updateId").GetString()!));
        }

        foreach (var (key, id) in updateIds)
        {
            await WaitForStateAsync(key, $"/api/updates/{id}", "state", "stored");
        }

        await SubmitFeedbackAsync(admin, answer: true);
        await SubmitFeedbackAsync(admin, answer: false);
        await SubmitFeedbackAsync(admin, answer: null);
        Clock.MoveTo(Today);
    }

    /// <summary>The data endpoint's answer with the admin key.</summary>
    public async Task<JsonElement> DataAsync(string query, CancellationToken cancellationToken)
    {
        using var admin = App.AdminClient();
        using var response = await admin.GetAsync(new Uri($"/api/dashboard/data?{query}", UriKind.Relative), cancellationToken);
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    // answer: true → assigned to Sở Tư pháp and answered; false → assigned and still open; null → only received.
    private async Task SubmitFeedbackAsync(HttpClient admin, bool? answer)
    {
        using var anonymous = App.ClientWithKey(null);
        using var submitted = await anonymous.PostAsJsonAsync(new Uri("/api/feedback", UriKind.Relative), new
        {
            kind = "phan-anh",
            subject = "Thủ tục đăng ký khai sinh",
            content = "Bị yêu cầu nộp thêm giấy tờ không có trong quy định.",
            submitter = new { name = "Nguyễn Văn A", phone = "0901234567" },
        }, TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(submitted, HttpStatusCode.Accepted);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("trackingCode").GetString()!;
        await WaitForStateAsync(null, $"/api/feedback/track/{code}", "stage", "submitted");
        await MoveAsync(admin, code, "receive", null);
        if (answer is null)
        {
            return;
        }

        await MoveAsync(admin, code, "classify", new { inScope = true, topic = "regulation" });
        await MoveAsync(admin, code, "assign", new { agencyId = "so-tu-phap" });
        if (answer == true)
        {
            if (!AgencyKeys.TryGetValue("so-tu-phap", out var key))
            {
                key = AgencyKeys["so-tu-phap"] = await SampleData.IssueAgencyKeyAsync(admin, "so-tu-phap");
            }

            using var agency = App.ClientWithKey(key);
            await MoveAsync(agency, code, "start-handling", null);
            await MoveAsync(agency, code, "answer", new { text = "Đã hướng dẫn UBND xã không yêu cầu bản sao.", documentReference = "45/STP-HCTP" });
        }
    }

    private static async Task MoveAsync(HttpClient client, string code, string move, object? body)
    {
        using var response = body is null
            ? await client.PostAsync(new Uri($"/api/feedback/{code}/{move}", UriKind.Relative), null, TestContext.Current.CancellationToken)
            : await client.PostAsJsonAsync(new Uri($"/api/feedback/{code}/{move}", UriKind.Relative), body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{move}: {response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    private async Task WaitForStateAsync(string? key, string path, string property, string expected)
    {
        using var client = App.ClientWithKey(key);
        await SampleYear.WaitForAsync(client, path, property, expected, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
