using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Updates;

namespace TthcServerless.Functions.Tests.Updates;

/// <summary>An agency reports progress; the office reads it back with the assignment's derived status.</summary>
public sealed class TaskUpdateApiTests(UpdatesFixture fixture) : IClassFixture<UpdatesFixture>
{
    private HttpClient Agency(string agencyId) => fixture.App.ClientWithKey(fixture.AgencyKeys[agencyId]);

    [Fact]
    public async Task A_report_is_accepted_with_an_id_and_a_status_url_then_stored()
    {
        using var agency = Agency(UpdatesFixture.Justice);

        using var response = await UpdatesFixture.PostAsync(agency, "III.1", new { status = "in-progress", progressPercent = 40, summary = "Đã đánh giá tác động 3 dự thảo", period = "2022-Q1" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = accepted.GetProperty("updateId").GetString()!;
        Assert.Equal($"/api/updates/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        var outcome = await UpdatesFixture.WaitForOutcomeAsync(agency, id);
        Assert.Equal("stored", outcome.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_history_shows_the_report_and_the_snapshot_its_latest_state()
    {
        using var agency = Agency(UpdatesFixture.Justice);
        var id = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.7", new
        {
            status = "in-progress",
            progressPercent = 70,
            summary = "Số hóa 70% hồ sơ",
            difficulties = "Thiếu máy quét",
            proposals = "Đề nghị bổ sung kinh phí",
            outputDocument = new { number = "12/KH-STP", date = "2022-02-10", title = "Kế hoạch số hóa" },
        }));
        await UpdatesFixture.WaitForOutcomeAsync(agency, id);

        var history = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.7/updates", UriKind.Relative), TestContext.Current.CancellationToken);
        var item = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal("Thiếu máy quét", item.GetProperty("difficulties").GetString());
        Assert.Equal("12/KH-STP", item.GetProperty("outputDocument").GetProperty("number").GetString());

        var assignment = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/assignments/{UpdatesFixture.Justice}/III.7", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(70, assignment.GetProperty("progress").GetProperty("progressPercent").GetInt32());
        Assert.Equal(id, assignment.GetProperty("progress").GetProperty("latestUpdateId").GetString());
    }

    [Fact]
    public async Task Completing_a_deadline_task_on_time_or_late_is_derived_against_its_due_date()
    {
        using var agency = Agency(UpdatesFixture.Ministry);
        var late = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "I.4", new { status = "completed", completedOn = "2022-04-05", outputDocument = new { number = "88/KH-STTTT" } }));
        await UpdatesFixture.WaitForOutcomeAsync(agency, late);

        var assignment = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/assignments/{UpdatesFixture.Ministry}/I.4", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("2022-03-31", assignment.GetProperty("dueDate").GetString());
        Assert.Equal("completed-late", assignment.GetProperty("standing").GetProperty("kind").GetString());
        Assert.Equal(5, assignment.GetProperty("standing").GetProperty("daysOverdue").GetInt32());
        Assert.Equal("Hoàn thành trễ hạn", assignment.GetProperty("standing").GetProperty("label").GetString());
    }

    [Fact]
    public async Task A_deadline_task_never_reported_is_overdue()
    {
        using var analyst = fixture.App.ClientWithKey(fixture.AnalystKey);

        var assignment = await analyst.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/assignments/van-phong-ubnd-tinh/I.2", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("overdue", assignment.GetProperty("standing").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, assignment.GetProperty("progress").ValueKind);
    }

    [Fact]
    public async Task An_admin_reports_on_behalf_of_a_named_agency()
    {
        using var admin = fixture.App.AdminClient();

        var id = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(admin, "III.1", new { agencyId = "so-y-te", status = "in-progress" }));

        var outcome = await UpdatesFixture.WaitForOutcomeAsync(admin, id);
        Assert.Equal("so-y-te", outcome.GetProperty("agencyId").GetString());
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_gets_the_same_id_and_stores_one_row()
    {
        using var agency = Agency(UpdatesFixture.Justice);
        var body = new { status = "in-progress", progressPercent = 10, summary = "Bắt đầu rà soát" };
        var key = Guid.NewGuid().ToString();

        var first = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.8", body, key));
        var second = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.8", body, key));

        Assert.Equal(first, second);
        await UpdatesFixture.WaitForOutcomeAsync(agency, first);
        await QueueState.WaitUntilEmptyAsync(fixture.Queue("task-updates"), TimeSpan.FromSeconds(30)); // the retry's copy is processed too
        Assert.Single(await fixture.HistoryRowsAsync(), r => r.GetString("UpdateId") == first);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_report_is_refused()
    {
        using var agency = Agency(UpdatesFixture.Justice);
        var key = Guid.NewGuid().ToString();
        await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.9", new { status = "in-progress", progressPercent = 10 }, key));

        using var response = await UpdatesFixture.PostAsync(agency, "III.9", new { status = "in-progress", progressPercent = 90 }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task History_is_newest_first_and_paged()
    {
        using var agency = Agency("so-y-te");
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add(await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.10", new { status = "in-progress", progressPercent = i * 10 })));
        }

        foreach (var id in ids)
        {
            await UpdatesFixture.WaitForOutcomeAsync(agency, id);
        }

        var first = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.10/updates?pageSize=2", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = first.GetProperty("continuationToken").GetString();
        var second = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.10/updates?pageSize=2&continuationToken={token}", UriKind.Relative), TestContext.Current.CancellationToken);

        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("updateId").GetString()).ToList();
        Assert.Equal([ids[4], ids[3], ids[2], ids[1]], seen);
    }

    [Theory]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("continuationToken=A", "continuationToken")] // not base64 at all
    [InlineData("continuationToken=YSBiIGM", "continuationToken")] // "a b c": three keys, no token of the SDK has that shape
    public async Task A_bad_history_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        using var agency = Agency("so-y-te");

        using var response = await agency.GetAsync(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.10/updates?{query}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
    }

    [Fact]
    public async Task An_agency_cannot_report_on_a_task_it_was_not_given()
    {
        using var agency = Agency(UpdatesFixture.Justice);

        using var response = await UpdatesFixture.PostAsync(agency, "I.4", new { status = "in-progress" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Reports_on_made_up_plans_are_404_and_leave_nothing_remembered()
    {
        using var agency = Agency(UpdatesFixture.Justice);
        var plans = fixture.App.Services.GetRequiredService<TthcServerless.Functions.Plans.CurrentPlans>();
        var before = plans.HeadersHeld;

        foreach (var n in Enumerable.Range(0, 50))
        {
            using var response = await agency.PostAsync(new Uri($"/api/plans/made-up-plan-{n}/tasks/I.1/updates", UriKind.Relative), JsonContent.Create(new { status = "in-progress" }), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.True(plans.HeadersHeld <= before, $"{plans.HeadersHeld - before} made-up plans remembered");
    }

    [Fact]
    public async Task An_agency_cannot_read_another_agencys_update_status()
    {
        using var justice = Agency(UpdatesFixture.Justice);
        using var health = Agency("so-y-te");
        var id = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(justice, "III.11", new { status = "in-progress" }));
        Assert.Equal("stored", (await UpdatesFixture.WaitForOutcomeAsync(justice, id)).GetProperty("state").GetString());

        using var response = await health.GetAsync(new Uri($"/api/updates/{id}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Another_agencys_assignment_answers_as_a_missing_one_does()
    {
        using var health = Agency("so-y-te");

        // I.4 is the ministry's (it exists); Z.99 is nobody's. An agency learns nothing from which it asked about.
        using var others = await health.GetAsync(new Uri($"/api/plans/{UpdatesFixture.Plan}/assignments/{UpdatesFixture.Ministry}/I.4", UriKind.Relative), TestContext.Current.CancellationToken);
        using var missing = await health.GetAsync(new Uri($"/api/plans/{UpdatesFixture.Plan}/assignments/{UpdatesFixture.Ministry}/Z.99", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var othersProblem = await others.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var missingProblem = await missing.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(missingProblem.GetProperty("title").GetString(), othersProblem.GetProperty("title").GetString());
        Assert.Equal(
            missingProblem.GetProperty("detail").GetString()!.Replace("Z.99", "I.4", StringComparison.Ordinal),
            othersProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_agency_sees_an_update_not_yet_stored_as_queued()
    {
        using var justice = Agency(UpdatesFixture.Justice);
        var notYetStored = UpdateIds.New(DateTimeOffset.UtcNow); // as an update id looks between its 202 and its storing

        using var response = await justice.GetAsync(new Uri($"/api/updates/{notYetStored}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("queued", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_analyst_reads_but_cannot_report()
    {
        using var analyst = fixture.App.ClientWithKey(fixture.AnalystKey);

        using var response = await UpdatesFixture.PostAsync(analyst, "III.1", new { agencyId = UpdatesFixture.Justice, status = "in-progress" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_update_id_is_404()
    {
        using var admin = fixture.App.AdminClient();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/updates/01ARZ3NDEKTSV4RRFFQ69G5FAV", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/updates/not-an-id", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }
}
