using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Tests.Updates;

namespace TthcServerless.Functions.Tests.Hardening;

/// <summary>The rules at the edge that are not simply "refused": what a refusal names, and what is accepted as given.</summary>
public sealed class EdgeRulesTests(UpdatesFixture fixture, AzuriteFixture azurite) : IClassFixture<UpdatesFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/api/keys", "{\"role\":\"superuser\",\"role\":\"analyst\"}", "role")]
    [InlineData("/api/agencies/so-tu-phap/keys", "{\"label\":\"a\",\"label\":\"b\"}", "label")]
    [InlineData("/api/plans/import", "{\"planId\":\"p\",\"sections\":[{\"number\":\"I\",\"number\":\"II\"}]}", "number")]
    public async Task A_property_named_twice_is_a_400_that_names_it(string path, string body, string property)
    {
        using var admin = fixture.App.AdminClient();

        using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString()!;
        TestContext.Current.SendDiagnosticMessage(detail);
        Assert.Contains($"'{property}'", detail, StringComparison.Ordinal);
        Assert.Contains("hai lần", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_looks_like_a_spreadsheet_formula_is_accepted_and_stored_as_given()
    {
        const string Summary = "=HYPERLINK(\"http://x\",\"bấm\")";
        const string Title = "@SUM(1+1)";
        using var agency = fixture.App.ClientWithKey(fixture.AgencyKeys[UpdatesFixture.Justice]);

        var id = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.2",
            new { status = "in-progress", summary = Summary, proposals = "+84 đề xuất", outputDocument = new { number = "-1/KH", title = Title } }));

        Assert.Equal("stored", (await UpdatesFixture.WaitForOutcomeAsync(agency, id)).GetProperty("state").GetString());
        var row = (await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.2/updates", UriKind.Relative), TestContext.Current.CancellationToken))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("updateId").GetString() == id);
        Assert.Equal(Summary, row.GetProperty("summary").GetString());
        Assert.Equal("+84 đề xuất", row.GetProperty("proposals").GetString());
        Assert.Equal(Title, row.GetProperty("outputDocument").GetProperty("title").GetString());
        Assert.Equal("-1/KH", row.GetProperty("outputDocument").GetProperty("number").GetString());
    }

    [Fact]
    public async Task An_agency_name_and_a_key_label_that_look_like_formulas_are_kept_as_given()
    {
        using var admin = fixture.App.AdminClient();

        using var put = await admin.PutAsync(new Uri("/api/agencies/so-cong-thuc", UriKind.Relative),
            Json("{\"id\":\"so-cong-thuc\",\"name\":\"=1+1 Sở thử\",\"level\":\"tinh\",\"kind\":\"so\"}"), TestContext.Current.CancellationToken);
        using var key = await admin.PostAsync(new Uri("/api/agencies/so-cong-thuc/keys", UriKind.Relative), Json("{\"label\":\"@Văn thư\"}"), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(put, HttpStatusCode.Created);
        await SampleData.EnsureAsync(key, HttpStatusCode.Created);
        Assert.Equal("=1+1 Sở thử", (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies/so-cong-thuc", UriKind.Relative), TestContext.Current.CancellationToken)).GetProperty("name").GetString());
        Assert.Equal("@Văn thư", (await key.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("label").GetString());
    }

    [Fact]
    public async Task An_accepted_update_whose_outcome_never_appears_is_sent_again_then_reported_rejected_not_left_queued()
    {
        // No ingestion at all (the local runner is off): nothing ever stores the update.
        await using var app = new TestApp(azurite.ConnectionString)
            .WithSetting("Tthc:Updates:Sweep:Interval", "00:00:00.200")
            .WithSetting("Tthc:Updates:Sweep:SettleTime", "00:00:01")
            .WithSetting("Tthc:Updates:Sweep:MaxRedrives", "1");
        using var admin = app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        using var agency = app.ClientWithKey(await SampleData.IssueAgencyKeyAsync(admin, UpdatesFixture.Justice));

        var id = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.1", new { status = "in-progress" }));
        var outcome = await UpdatesFixture.WaitForOutcomeAsync(agency, id, TimeSpan.FromSeconds(30));

        Assert.Equal("rejected", outcome.GetProperty("state").GetString());
        Assert.Contains("gửi lại", outcome.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var queue = app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient($"{app.Prefix}-task-updates");
        Assert.Equal(2, (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount); // the original and one copy
    }
}
