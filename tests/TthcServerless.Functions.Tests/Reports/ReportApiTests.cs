using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reports;

/// <summary><c>/api/reports</c> against Azurite with the sample plan (docs/reports.md).</summary>
public sealed class ReportApiTests(SamplePlanFixture sample, AzuriteFixture azurite) : IClassFixture<SamplePlanFixture>
{
    private static readonly Uri Reports = new("/api/reports", UriKind.Relative);

    private static JsonContent Request(string planId, string period) => JsonContent.Create(new { planId, period });

    [Fact]
    public async Task A_report_is_written_once_listed_read_and_downloaded_with_its_hash()
    {
        using var analyst = sample.App.ClientWithKey(sample.AnalystKey);

        using var created = await analyst.PostAsync(Reports, Request(SampleData.PlanId, "2022-Q1"), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(created, HttpStatusCode.Created);
        var report = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = report.GetProperty("reportId").GetString()!;
        Assert.Equal($"{SampleData.PlanId}_2022-Q1_v1", id);
        Assert.False(report.GetProperty("provisional").GetBoolean());
        Assert.Equal("2021-12-15", report.GetProperty("windowStart").GetString());
        Assert.Equal(707, report.GetProperty("rowCounts").GetProperty("FactAssignment").GetInt32());

        using var again = await analyst.PostAsync(Reports, Request(SampleData.PlanId, "2022-Q1"), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(again, HttpStatusCode.OK);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("reportId").GetString());

        var one = await analyst.GetFromJsonAsync<JsonElement>($"/api/reports/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(report.GetProperty("sha256").GetString(), one.GetProperty("sha256").GetString());
        var list = await analyst.GetFromJsonAsync<JsonElement>($"/api/reports?planId={SampleData.PlanId}&period=2022-Q1", TestContext.Current.CancellationToken);
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));

        using var content = await analyst.GetAsync(new Uri(one.GetProperty("contentUrl").GetString()!, UriKind.Relative), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(content, HttpStatusCode.OK);
        var bytes = await content.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"bao-cao-kstthc-{SampleData.PlanId}-2022-Q1-v1.xlsx", content.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal(report.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(report.GetProperty("bytes").GetInt64(), bytes.Length);

        var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"{sample.App.Prefix}-reports")
            .GetBlobClient($"{TestApp.Province}/{SampleData.PlanId}/2022-Q1/bao-cao-kstthc-{SampleData.PlanId}-2022-Q1-v1.xlsx");
        var properties = (await blob.GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken)).Value;
        Assert.Equal(report.GetProperty("sha256").GetString(), properties.Metadata["sha256"]);
    }

    [Theory]
    [InlineData("2022-13")]
    [InlineData("2022-Q5")]
    [InlineData("Q1-2022")]
    [InlineData("2022-9m")]
    public async Task A_bad_period_id_is_a_problem_naming_the_period(string period)
    {
        using var admin = sample.App.AdminClient();

        using var response = await admin.PostAsync(Reports, Request(SampleData.PlanId, period), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("period", out _));
    }

    [Fact]
    public async Task A_period_that_has_not_started_is_refused()
    {
        using var admin = sample.App.AdminClient();

        using var response = await admin.PostAsync(Reports, Request(SampleData.PlanId, "2099-Q1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_plan_is_not_found()
    {
        using var admin = sample.App.AdminClient();

        using var response = await admin.PostAsync(Reports, Request("khong-co", "2022-Q1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_agency_key_is_forbidden_every_report_endpoint()
    {
        using var agency = sample.App.ClientWithKey(sample.AgencyKey);

        using var post = await agency.PostAsync(Reports, Request(SampleData.PlanId, "2022-Q1"), TestContext.Current.CancellationToken);
        using var list = await agency.GetAsync(Reports, TestContext.Current.CancellationToken);
        using var one = await agency.GetAsync(new Uri($"/api/reports/{SampleData.PlanId}_2022-Q1_v1", UriKind.Relative), TestContext.Current.CancellationToken);
        using var content = await agency.GetAsync(new Uri($"/api/reports/{SampleData.PlanId}_2022-Q1_v1/content", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { post.StatusCode, list.StatusCode, one.StatusCode, content.StatusCode });
    }

    [Fact]
    public async Task An_unknown_report_id_is_not_found()
    {
        using var analyst = sample.App.ClientWithKey(sample.AnalystKey);

        using var response = await analyst.GetAsync(new Uri("/api/reports/khong-phai-ma", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
