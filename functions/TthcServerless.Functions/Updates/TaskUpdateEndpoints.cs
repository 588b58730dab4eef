using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Domain;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Progress;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Plans;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Agencies report progress on their assignments. A report is checked at the edge (types, ranges, dates, lengths, that
/// the task is assigned to the agency), queued, and answered 202 with its id; the queue function stores it. An
/// <c>Idempotency-Key</c> makes a retried request return the same id and store nothing twice.
/// </summary>
internal static class TaskUpdateEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const long BodyLimit = 64 * 1024;

    public static IEndpointRouteBuilder MapTaskUpdateEndpoints(this IEndpointRouteBuilder api)
    {
        var reporters = api.MapGroup("/plans/{planId}/tasks/{taskId}/updates").WithTags("Updates").RequireAuthorization(ApiPolicies.Reporter);
        var staff = api.MapGroup("/").WithTags("Updates").RequireAuthorization(ApiPolicies.Staff);
        reporters.MapPost("/", PostAsync)
            .WithSummary("Báo cáo tiến độ một nhiệm vụ (khóa của cơ quan, hoặc quản trị báo cáo thay cơ quan có agencyId). Trả 202 kèm mã và đường dẫn trạng thái.")
            .Accepts<TaskUpdateRequest>("application/json")
            .Produces<TaskUpdateAccepted>(StatusCodes.Status202Accepted);
        staff.MapGet("/updates/{updateId}", GetStatusAsync)
            .WithSummary("Trạng thái một báo cáo: queued, stored hoặc rejected (kèm lý do).");
        staff.MapGet("/plans/{planId}/tasks/{taskId}/updates", GetHistoryAsync)
            .WithSummary("Lịch sử báo cáo của một nhiệm vụ, mới nhất trước, theo trang (pageSize, continuationToken); lọc theo agencyId.");
        staff.MapGet("/plans/{planId}/assignments/{agencyId}/{taskId}", GetAssignmentAsync)
            .WithSummary("Một phân công: tiến độ mới nhất và tình trạng (đúng hạn, trễ hạn, quá hạn, đã báo cáo kỳ này…).");
        return api;
    }

    private static async Task<IResult> PostAsync(
        string planId,
        string taskId,
        HttpRequest request,
        ClaimsPrincipal user,
        CurrentPlans plans,
        TaskUpdateOutbox outbox,
        TaskProgressStore progress,
        ReportingCalendar calendar,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (body, problem) = await RequestBody.ReadJsonAsync<TaskUpdateRequest>(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // Who the report is for: an agency key reports for its own agency; an admin names the agency.
        if (!caller.TryScopeAgency(body!.AgencyId, out var scoped))
        {
            return ApiProblems.Forbidden("Khóa của cơ quan chỉ báo cáo được cho chính cơ quan đó.");
        }

        if (scoped is not { } agencyId || !AgencyRegistry.IsValidId(agencyId))
        {
            return ApiProblems.Invalid("agencyId", "Quản trị báo cáo thay cơ quan phải ghi agencyId hợp lệ.");
        }

        var today = VietnamTime.Today(time);
        var errors = new List<FieldError>();
        TaskProgressStatus? status = WireName.TryParse<TaskProgressStatus>(body.Status, out var parsed) ? parsed : null;
        if (status is null)
        {
            errors.Add(new FieldError("status", $"phải là một trong {string.Join(", ", WireName.All<TaskProgressStatus>().Select(n => $"'{n}'"))}."));
        }
        else
        {
            TaskUpdateRules.CheckProgress(status.Value, body.ProgressPercent, body.CompletedOn, today, errors);
        }

        var summary = FieldText.Clean(body.Summary, "summary", TaskUpdateRules.MaxTextLength, multiline: true, errors);
        var difficulties = FieldText.Clean(body.Difficulties, "difficulties", TaskUpdateRules.MaxTextLength, multiline: true, errors);
        var proposals = FieldText.Clean(body.Proposals, "proposals", TaskUpdateRules.MaxTextLength, multiline: true, errors);
        OutputDocument? document = null;
        if (body.OutputDocument is { } output)
        {
            var number = FieldText.Clean(output.Number, "outputDocument.number", TaskUpdateRules.MaxDocumentNumberLength, multiline: false, errors);
            var title = FieldText.Clean(output.Title, "outputDocument.title", TaskUpdateRules.MaxDocumentTitleLength, multiline: false, errors);
            TaskUpdateRules.CheckPastDate(output.Date, "outputDocument.date", today, errors);
            document = number is null && title is null && output.Date is null ? null : new OutputDocument(number, output.Date, title);
        }

        var period = TaskUpdateRules.ResolvePeriod(body.Period, today, calendar, errors);
        var idempotencyKey = request.Headers[IdempotencyHeader].ToString();
        if (request.Headers.ContainsKey(IdempotencyHeader) && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(c => c is < ' ' or > '~')))
        {
            errors.Add(new FieldError(IdempotencyHeader, "phải có 1–200 ký tự ASCII in được."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors, "Báo cáo không hợp lệ; không có gì được ghi nhận.");
        }

        var plan = await plans.GetAsync(caller.Province, planId, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return ApiProblems.NotFound($"Không có kế hoạch '{planId}'.");
        }

        switch (plan.CheckReport(agencyId, taskId))
        {
            case ReportCheck.NoSuchTask:
                return ApiProblems.NotFound($"Kế hoạch '{planId}' không có nhiệm vụ '{taskId}'.");
            case ReportCheck.NotAssigned:
                return caller.IsAgency
                    ? ApiProblems.Forbidden($"Nhiệm vụ {taskId} không giao cho cơ quan của khóa này.")
                    : ApiProblems.Invalid("agencyId", $"Nhiệm vụ {taskId} không giao cho cơ quan '{agencyId}'.");
        }

        var now = time.GetUtcNow();
        var updateId = UpdateIds.New(now);
        var reportedAt = now;
        QueuedTaskUpdate Update() => new(caller.Province, new TaskUpdate(
            updateId, planId, taskId, agencyId, reportedAt, caller.Actor, status!.Value,
            status == TaskProgressStatus.Completed ? 100 : body.ProgressPercent, body.CompletedOn, document, summary, difficulties, proposals, period!.Id));

        // Too large for a queue message: refused before anything is written, the idempotency key included.
        var update = Update();
        var json = TaskUpdateOutbox.Serialize(update);
        if (json.Length > TaskUpdateOutbox.MaxMessageBytes)
        {
            return ApiProblems.TooLarge(TaskUpdateOutbox.MaxMessageBytes);
        }

        if (idempotencyKey.Length > 0)
        {
            // The period as sent, not as defaulted: a retry after midnight on a cut-off day is still the same request.
            var requestHash = Fingerprint(planId, taskId, agencyId, status!.Value, body.ProgressPercent, body.CompletedOn, document, summary, difficulties, proposals, body.Period?.Trim());
            var claim = await progress.ClaimIdempotencyKeyAsync(caller.Province, agencyId, idempotencyKey, updateId, reportedAt, requestHash, cancellationToken).ConfigureAwait(false);
            if (claim.RequestHash != requestHash)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key đã dùng",
                    detail: "Khóa Idempotency-Key này đã được dùng cho một báo cáo khác; dùng khóa mới cho báo cáo mới.");
            }

            // A retry: the same id and time, queued again — storing is idempotent, so nothing is stored twice. A period
            // left to its default is the one of the first request's day, so both copies say the same.
            if (claim.UpdateId != updateId)
            {
                (updateId, reportedAt) = (claim.UpdateId, claim.ReportedAt);
                if (body.Period is null)
                {
                    period = TaskUpdateRules.ResolvePeriod(null, VietnamTime.DateOf(reportedAt), calendar, errors) ?? period;
                }

                update = Update();
                json = TaskUpdateOutbox.Serialize(update);
            }
        }

        await outbox.EnqueueAsync(update, json).ConfigureAwait(false);
        var statusUrl = $"/api/updates/{updateId}";
        return TypedResults.Accepted(statusUrl, new TaskUpdateAccepted(updateId, TaskUpdateStates.Queued, statusUrl, planId, taskId, agencyId, update.Update.PeriodId, reportedAt));
    }

    private static async Task<Results<Ok<TaskUpdateStatus>, ProblemHttpResult>> GetStatusAsync(
        string updateId, ClaimsPrincipal user, TaskProgressStore progress, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var status = await progress.GetStatusAsync(caller.Province, updateId, cancellationToken).ConfigureAwait(false);

        // Another agency's update is indistinguishable from a missing one. A queued update is not stored yet, so whose
        // it is cannot be told: "queued" names no plan, task or agency, and the agency that just got its 202 must see it.
        var queued = status is { State: TaskUpdateStates.Queued, AgencyId.Length: 0 };
        return status is null || (!queued && !caller.MaySee(status.AgencyId))
            ? ApiProblems.NotFound($"Không có báo cáo '{updateId}'.")
            : TypedResults.Ok(status);
    }

    private static async Task<IResult> GetHistoryAsync(
        string planId,
        string taskId,
        string? agencyId,
        [FromQuery(Name = "pageSize")] string? pageSizeText,
        string? continuationToken,
        ClaimsPrincipal user,
        CurrentPlans plans,
        TaskProgressStore progress,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!caller.TryScopeAgency(agencyId, out agencyId))
        {
            return ApiProblems.Forbidden("Khóa của cơ quan chỉ xem được báo cáo của chính cơ quan đó.");
        }

        var errors = new List<FieldError>();
        var pageSize = RequestValues.Int(pageSizeText, "pageSize", 1, 100, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        if (continuationToken is not null && !PageToken.IsWellFormed(continuationToken))
        {
            return ApiProblems.Invalid("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về.");
        }

        var plan = await plans.GetAsync(caller.Province, planId, cancellationToken).ConfigureAwait(false);
        if (plan is null || !plan.Tasks.ContainsKey(taskId))
        {
            return ApiProblems.NotFound($"Không có nhiệm vụ '{taskId}' trong kế hoạch '{planId}'.");
        }

        try
        {
            return TypedResults.Ok(await progress.GetHistoryAsync(caller.Province, planId, taskId, agencyId, pageSize ?? 20, continuationToken, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidPageTokenException)
        {
            return ApiProblems.Invalid("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về.");
        }
    }

    private static async Task<Results<Ok<AssignmentProgressResponse>, ProblemHttpResult>> GetAssignmentAsync(
        string planId,
        string agencyId,
        string taskId,
        ClaimsPrincipal user,
        CurrentPlans plans,
        TaskProgressStore progress,
        AgencyRegistryStore registries,
        ReportingCalendar calendar,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var plan = await plans.GetAsync(caller.Province, planId, cancellationToken).ConfigureAwait(false);

        // Another agency's assignment is indistinguishable from a missing one, as another agency's update is.
        if (!caller.MaySee(agencyId) || plan?.Assignment(agencyId, taskId) is not { } assignment)
        {
            return ApiProblems.NotFound($"Không có phân công nhiệm vụ '{taskId}' cho cơ quan '{agencyId}' trong kế hoạch '{planId}'.");
        }

        var latest = await progress.GetProgressAsync(caller.Province, planId, agencyId, taskId, cancellationToken).ConfigureAwait(false);
        var standing = AssignmentStandingRules.Evaluate(assignment, latest, VietnamTime.Today(time), calendar);
        var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new AssignmentProgressResponse(
            planId, taskId, agencyId, registry.FindAgency(agencyId)?.Name ?? agencyId, assignment.Level, assignment.DueDate,
            plan.Tasks[taskId].Timeframe, latest, standing));
    }

    /// <summary>What makes two requests "the same" for an Idempotency-Key: every normalised field of the report.</summary>
    private static string Fingerprint(params object?[] fields) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(fields, ApiJson.Default)));

}
