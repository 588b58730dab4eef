using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reports;

/// <summary>
/// The <c>PeriodicReports</c> timer run through <c>POST /admin/functions/PeriodicReports</c>, and a run that loses its
/// blob storage half-way: still one report per plan and period, and nothing half-written is listed.
/// </summary>
public sealed partial class PeriodicReportsTimerTests(SamplePlanFixture sample, AzuriteFixture azurite) : IClassFixture<SamplePlanFixture>
{
    /// <summary>Every period of 2022: 12 months, 4 quarters, 2 halves, 9 months, the year; all closed.</summary>
    private const int PeriodsOf2022 = 20;

    private static readonly Uri RunTimer = new("/admin/functions/PeriodicReports", UriKind.Relative);

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query = "", string planId = SampleData.PlanId)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/reports?planId={planId}&pageSize=100{query}"
                + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)), TestContext.Current.CancellationToken);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return all;
    }

    private async Task<List<string>> BlobsAsync(string prefix)
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"{sample.App.Prefix}-reports");
        var names = new List<string>();
        if (!await container.ExistsAsync(TestContext.Current.CancellationToken))
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken: TestContext.Current.CancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    [Fact]
    public async Task Two_concurrent_runs_and_a_third_write_one_report_per_closed_period()
    {
        using var admin = sample.App.AdminClient();

        var concurrent = await Task.WhenAll(
            admin.PostAsync(RunTimer, null, TestContext.Current.CancellationToken),
            admin.PostAsync(RunTimer, null, TestContext.Current.CancellationToken));
        foreach (var response in concurrent)
        {
            await SampleData.EnsureAsync(response, HttpStatusCode.OK);
            response.Dispose();
        }

        using var third = await admin.PostAsync(RunTimer, null, TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(third, HttpStatusCode.OK);
        var log = await third.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("PeriodicReports: 0 report(s) written.", log.GetProperty("logs").EnumerateArray().Select(l => l.GetString()));

        var reports = await ListAsync(admin);
        var periods = reports.Select(r => r.GetProperty("period").GetString()).ToList();
        Assert.True(PeriodsOf2022 == periods.Count, string.Join(",", periods.Order()));
        Assert.Equal(PeriodsOf2022, periods.Distinct().Count());
        Assert.All(reports, r => Assert.False(r.GetProperty("provisional").GetBoolean()));
        var blobs = await BlobsAsync($"{TestApp.Province}/{SampleData.PlanId}/");
        Assert.Equal(PeriodsOf2022, blobs.Count);
        Assert.All(blobs, b => Assert.Matches(BlobName(), b));
    }

    [Fact]
    public async Task A_run_that_loses_blob_storage_leaves_nothing_listed_and_the_next_run_completes_it()
    {
        const string periodId = "2022-11";
        // A plan of its own: the timer tests of this class write every closed 2022 period of the sample plan.
        const string planId = "tg-kstthc-2022-mat-blob";
        using (var setup = sample.App.AdminClient())
        {
            await SampleData.ImportPlanTextAsync(setup, SampleData.PlanText, planId: planId);
        }

        await using (var broken = new TestApp(UnreachableBlobs(azurite.ConnectionString), sample.App.Prefix))
        {
            using var brokenAdmin = broken.AdminClient();
            using var failed = await brokenAdmin.PostAsync(new Uri("/api/reports", UriKind.Relative), JsonContent.Create(new { planId, period = periodId }),
                TestContext.Current.CancellationToken);
            Assert.False(failed.IsSuccessStatusCode);
        }

        using var admin = sample.App.AdminClient();
        Assert.Empty(await ListAsync(admin, $"&period={periodId}", planId));
        Assert.Empty(await BlobsAsync($"{TestApp.Province}/{planId}/{periodId}/"));

        using var retried = await admin.PostAsync(new Uri("/api/reports", UriKind.Relative), JsonContent.Create(new { planId, period = periodId }),
            TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(retried, HttpStatusCode.Created);

        var listed = Assert.Single(await ListAsync(admin, $"&period={periodId}", planId));
        Assert.Single(await BlobsAsync($"{TestApp.Province}/{planId}/{periodId}/"));
        Assert.Equal(listed.GetProperty("reportId").GetString(), (await retried.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("reportId").GetString());
    }

    [Fact]
    public async Task The_admin_endpoint_refuses_unknown_functions_and_other_keys()
    {
        using var admin = sample.App.AdminClient();
        using var analyst = sample.App.ClientWithKey(sample.AnalystKey);

        using var unknown = await admin.PostAsync(new Uri("/admin/functions/NoSuchFunction", UriKind.Relative), null, TestContext.Current.CancellationToken);
        using var forbidden = await analyst.PostAsync(RunTimer, null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static string UnreachableBlobs(string connectionString)
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        return BlobEndpoint().Replace(connectionString, $"BlobEndpoint=http://127.0.0.1:{port}/");
    }

    [GeneratedRegex("BlobEndpoint=http://[^/]+/")]
    private static partial Regex BlobEndpoint();

    [GeneratedRegex(@"^tien-giang/tg-kstthc-2022/2022(-\d\d|-Q\d|-H\d|-9M)?/bao-cao-kstthc-tg-kstthc-2022-2022(-\d\d|-Q\d|-H\d|-9M)?-v1\.xlsx$")]
    private static partial Regex BlobName();
}
