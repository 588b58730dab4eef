using Microsoft.Extensions.Options;
using TthcServerless.Functions;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Dashboard;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Health;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Inbox;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Reminders;
using TthcServerless.Functions.Reports;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Updates;
using TthcServerless.Functions.Webhooks;
using TthcServerless.Functions.WorkingDays;

// `write-function-metadata <dir>` regenerates the function.json folders from AppFunctions (no server starts).
if (args is ["write-function-metadata", var metadataDirectory])
{
    FunctionMetadataWriter.WriteAll(AppFunctions.All, metadataDirectory);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);

// Nothing here may touch storage: under the host the process must listen within 30 s.
var hosting = builder.AddFunctionsHosting(AppFunctions.All);
builder.Services.AddOptions<TthcOptions>()
    .BindConfiguration(TthcOptions.Section)
    .Validate(o => TthcOptions.IsValidProvince(o.Province), "Tthc:Province must be a lowercase code (letters, digits, hyphens), e.g. 'tien-giang'.")
    .ValidateOnStart();
builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StorageExceptionHandler>();
builder.Services.AddTthcStorage(builder.Configuration, namePrefixAllowed: hosting.Mode == HostingMode.Standalone);
builder.Services.AddSingleton<StorageResources>();
builder.Services.AddSingleton<OutageRequeue>();
builder.Services.AddSingleton<StorageHealthProbe>();
builder.Services.AddTthcAuth();
builder.Services.AddSingleton<AgencyRegistryStore>();
builder.Services.AddSingleton<PlanStore>();
builder.Services.AddSingleton<CurrentPlans>();
builder.Services.AddSingleton<ImportPlan>();
builder.Services.AddSingleton(sp => new PartitionBatcher(sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<PageToken>();
builder.Services.AddSingleton<TaskUpdateHistory>();
builder.Services.AddSingleton<AssignmentSnapshots>();
builder.Services.AddSingleton<UpdateOutcomes>();
builder.Services.AddSingleton<IdempotencyKeys>();
builder.Services.AddSingleton<SubmitTaskUpdate>();
builder.Services.AddSingleton<TaskUpdateOutbox>();
builder.Services.AddSingleton<AcceptedUpdates>();
builder.Services.AddOptions<AcceptedUpdateSweepOptions>().BindConfiguration(AcceptedUpdateSweepOptions.Section)
    .Validate(o => o.Interval > TimeSpan.Zero && o.SettleTime > TimeSpan.Zero && o.MaxRedrives >= 0, "Tthc:Updates:Sweep needs a positive Interval and SettleTime.");
builder.Services.AddSingleton<AcceptedUpdateSweep>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<AcceptedUpdateSweep>());
builder.Services.AddSingleton(sp => new TthcServerless.Domain.Periods.ReportingCalendar(
    new TthcServerless.Domain.Periods.CutOffRule(builder.Configuration.GetValue("Tthc:Reporting:CutOffStartDay", 15))));
builder.Services.AddSingleton<CalendarStore>();
builder.Services.AddFeedback();
builder.Services.AddReports();
builder.Services.AddReminders();
builder.Services.AddWebhooks();
builder.Services.AddSingleton<DashboardAssets>();
builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section);
builder.Services.AddSingleton<DashboardQuery>();
builder.Services.AddTthcOpenApi();

var app = builder.Build();

if (app.Services.GetRequiredService<IOptions<TthcOptions>>().Value.UsableAdminApiKey is null)
{
    StartupLog.NoBootstrapAdminKey(app.Logger, TthcOptions.MinimumAdminKeyLength);
}

if (app.Services.GetRequiredService<PageToken>().UsesDevelopmentKey && !app.Environment.IsDevelopment())
{
    StartupLog.DevelopmentPageTokenKey(app.Logger);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapInvocationEndpoints();
app.MapAdminFunctionEndpoints(hosting);
var api = app.MapGroup("/api");
api.MapHealthEndpoints();
api.MapAgencyEndpoints();
api.MapAgencyKeyEndpoints();
api.MapKeyEndpoints();
api.MapPlanEndpoints();
api.MapTaskUpdateEndpoints();
api.MapCalendarEndpoints();
api.MapFeedbackEndpoints();
api.MapReportEndpoints();
api.MapReminderEndpoints();
api.MapInboxEndpoints();
api.MapWebhookEndpoints();
api.MapDashboardEndpoints();
app.MapOpenApi(OpenApiSetup.DocumentPath).AllowAnonymous();

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The app's entry point; public so integration tests can host it.</summary>
public partial class Program;

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Tthc:AdminApiKey is missing, shorter than {Length} characters, or an unresolved Key Vault reference: there is no bootstrap admin key.")]
    public static partial void NoBootstrapAdminKey(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Neither Tthc:PageTokenKey nor a usable Tthc:AdminApiKey is set: continuation tokens are signed with the development key, which anyone can forge. Set a random key of at least 32 characters.")]
    public static partial void DevelopmentPageTokenKey(ILogger logger);
}
