using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Updates;

namespace TthcServerless.Functions.Tests.Updates;

/// <summary>The report and plan-import handlers decide their outcomes without HTTP (real storage, no request).</summary>
public sealed class SubmitTaskUpdateTests(UpdatesFixture fixture) : IClassFixture<UpdatesFixture>
{
    private static readonly Caller Justice = new(ApiRoles.Agency, UpdatesFixture.Justice, TestApp.Province, "justice-key");
    private static readonly Caller Office = new(ApiRoles.Admin, null, TestApp.Province, "office-key");

    private static readonly TaskUpdateRequest InProgress = new() { Status = "in-progress", ProgressPercent = 30, Summary = "Đang rà soát", Period = "2022-Q1" };

    private Task<SubmitTaskUpdateResult> SubmitAsync(Caller caller, string taskId, TaskUpdateRequest report, string? key = null, string plan = UpdatesFixture.Plan) =>
        fixture.App.Services.GetRequiredService<SubmitTaskUpdate>()
            .HandleAsync(new SubmitTaskUpdateCommand(caller, plan, taskId, report, key), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_valid_report_is_accepted_with_its_status_url()
    {
        var accepted = Assert.IsType<SubmitTaskUpdateResult.Accepted>(await SubmitAsync(Justice, "III.1", InProgress));

        Assert.Equal($"/api/updates/{accepted.Receipt.UpdateId}", accepted.Receipt.StatusUrl);
        Assert.Equal(UpdatesFixture.Justice, accepted.Receipt.AgencyId);
        Assert.Equal("2022-Q1", accepted.Receipt.Period);
    }

    [Fact]
    public async Task An_agency_reporting_for_another_agency_is_forbidden()
    {
        Assert.IsType<SubmitTaskUpdateResult.Forbidden>(await SubmitAsync(Justice, "III.1", InProgress with { AgencyId = UpdatesFixture.Ministry }));
    }

    [Fact]
    public async Task The_office_reporting_on_a_task_not_assigned_to_the_agency_it_names_is_invalid()
    {
        var invalid = Assert.IsType<SubmitTaskUpdateResult.Invalid>(await SubmitAsync(Office, "I.4", InProgress with { AgencyId = "so-y-te" }));

        Assert.Equal("agencyId", Assert.Single(invalid.Errors).Field);
    }

    [Fact]
    public async Task A_report_on_an_unknown_plan_is_not_found()
    {
        Assert.IsType<SubmitTaskUpdateResult.NotFound>(await SubmitAsync(Justice, "III.1", InProgress, plan: "no-such-plan"));
    }

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_id_and_another_report_with_it_is_refused()
    {
        var key = Guid.NewGuid().ToString("N");
        var first = Assert.IsType<SubmitTaskUpdateResult.Accepted>(await SubmitAsync(Justice, "III.1", InProgress, key));

        var retry = Assert.IsType<SubmitTaskUpdateResult.Accepted>(await SubmitAsync(Justice, "III.1", InProgress, key));
        var other = await SubmitAsync(Justice, "III.1", InProgress with { ProgressPercent = 31 }, key);

        Assert.Equal(first.Receipt.UpdateId, retry.Receipt.UpdateId);
        Assert.Equal(first.Receipt.ReportedAt, retry.Receipt.ReportedAt);
        Assert.IsType<SubmitTaskUpdateResult.KeyReused>(other);
    }

    [Fact]
    public async Task A_plan_is_created_once_then_imported_unchanged()
    {
        var import = fixture.App.Services.GetRequiredService<ImportPlan>();
        var source = new PlanSource.Text(System.Text.Encoding.UTF8.GetBytes(SampleData.PlanText));
        var command = new ImportPlanCommand(Office, source, new PlanIdentityOverrides(PlanId: "handler-import"));

        var created = Assert.IsType<ImportPlanResult.Created>(await import.HandleAsync(command, TestContext.Current.CancellationToken));
        var again = Assert.IsType<ImportPlanResult.Imported>(await import.HandleAsync(command, TestContext.Current.CancellationToken));

        Assert.Equal("created", created.Plan.Status);
        Assert.Equal("unchanged", again.Plan.Status);
        Assert.Equal(created.Plan.Revision, again.Plan.Revision);
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_unreadable_as_a_plan()
    {
        var import = fixture.App.Services.GetRequiredService<ImportPlan>();

        var result = await import.HandleAsync(new ImportPlanCommand(Office, new PlanSource.Text([0xC3, 0x28, 0xFF]), new PlanIdentityOverrides()), TestContext.Current.CancellationToken);

        Assert.IsType<ImportPlanResult.Unreadable>(result);
    }
}
