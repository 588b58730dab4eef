using System.Security.Claims;
using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Domain;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Progress;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Plans;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Agencies report progress on their assignments. A report is checked at the edge (types, ranges, dates, lengths, that
/// the task is assigned to the agency), queued, and answered 202 with its id; the queue function stores it. An
/// <c>Idempotency-Key</c> makes a retried request return the same id and store nothing twice.
/// </summary>
internal static class TaskUpdateEndpoints
{
    public const long BodyLimit = 64 * 1024;

    public static IEndpointRouteBuilder MapTaskUpdateEndpoints(this IEndpointRouteBuilder api)
    {
        var reporters = api.MapGroup("/plans/{planId}/tasks/{taskId}/updates").WithTags("Updates").RequireAuthorization(ApiPolicies.Reporter);
        var staff = api.MapGroup("/").WithTags("Updates").RequireAuthorization(ApiPolicies.Staff);
        reporters.MapPost("/", PostAsync)
            .WithSummary("Báo cáo tiến độ một nhiệm vụ (khóa của cơ quan, hoặc quản trị báo cáo thay cơ quan có agencyId). Trả 202 kèm mã và đường dẫn trạng thái.")
            .Accepts<TaskUpdateRequest>("application/json")
            .ProducesOutcomesOf<SubmitTaskUpdateResult>();
        staff.MapGet("/updates/{updateId}", GetStatusAsync)
            .WithSummary("Trạng thái một báo cáo: queued, stored hoặc rejected (kèm lý do).");
        staff.MapGet("/plans/{planId}/tasks/{taskId}/updates", GetHistoryAsync)
            .WithSummary("Lịch sử báo cáo của một nhiệm vụ, mới nhất trước, theo trang (pageSize, continuationToken); lọc theo agencyId.");
        staff.MapGet("/plans/{planId}/assignments/{agencyId}/{taskId}", GetAssignmentAsync)
            .WithSummary("Một phân công: tiến độ mới nhất và tình trạng (đúng hạn, trễ hạn, quá hạn, đã báo cáo kỳ này…).");
        return api;
    }

    private static async Task<IResult> PostAsync(
        string planId, string taskId, HttpRequest request, ClaimsPrincipal user, SubmitTaskUpdate submit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync<TaskUpdateRequest>(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var key = request.Headers.TryGetValue(SubmitTaskUpdate.IdempotencyHeader, out var values) ? values.ToString() : null;
        return ToHttp(await submit.HandleAsync(new SubmitTaskUpdateCommand(Caller.From(user), planId, taskId, body!, key), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Each outcome of submitting a report, as HTTP.</summary>
    internal static IResult ToHttp(SubmitTaskUpdateResult result) => result switch
    {
        SubmitTaskUpdateResult.Accepted accepted => TypedResults.Accepted(accepted.Receipt.StatusUrl, accepted.Receipt),
        SubmitTaskUpdateResult.Invalid invalid => ApiProblems.Invalid(invalid.Errors, invalid.Detail),
        SubmitTaskUpdateResult.Forbidden forbidden => ApiProblems.Forbidden(forbidden.Detail),
        SubmitTaskUpdateResult.NotFound notFound => ApiProblems.NotFound(notFound.Detail),
        SubmitTaskUpdateResult.TooLarge tooLarge => ApiProblems.TooLarge(tooLarge.Limit),
        SubmitTaskUpdateResult.KeyReused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key đã dùng",
            detail: "Khóa Idempotency-Key này đã được dùng cho một báo cáo khác; dùng khóa mới cho báo cáo mới."),
        var other => throw new UnreachableException($"Unmapped outcome {other}"),
    };

    private static async Task<Results<Ok<TaskUpdateStatus>, ProblemHttpResult>> GetStatusAsync(
        string updateId, ClaimsPrincipal user, UpdateOutcomes outcomes, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var status = await outcomes.GetStatusAsync(caller.Province, updateId, cancellationToken).ConfigureAwait(false);

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
        TaskUpdateHistory history,
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
            return TypedResults.Ok(await history.GetPageAsync(caller.Province, planId, taskId, agencyId, pageSize ?? 20, continuationToken, cancellationToken).ConfigureAwait(false));
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
        AssignmentSnapshots snapshots,
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

        var latest = await snapshots.GetAsync(caller.Province, planId, agencyId, taskId, cancellationToken).ConfigureAwait(false);
        var standing = AssignmentStandingRules.Evaluate(assignment, latest, VietnamTime.Today(time), calendar);
        var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new AssignmentProgressResponse(
            planId, taskId, agencyId, registry.FindAgency(agencyId)?.Name ?? agencyId, assignment.Level, assignment.DueDate,
            plan.Tasks[taskId].Timeframe, latest, standing));
    }
}
