using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TthcServerless.Domain;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Plans;

/// <summary>
/// Plans: admins import them as offices have them (.docx, copied text, Markdown table, canonical JSON); staff read
/// plans, tasks and assignments — an agency key only its own assignments.
/// </summary>
internal static class PlanEndpoints
{
    public const long ImportLimit = 10 * 1024 * 1024;
    private const string DocxMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(ApiPolicies.Admin);
        var plans = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(ApiPolicies.Staff);
        admin.MapPost("/import", ImportAsync)
            .WithSummary("Nhập kế hoạch: tệp Word (.docx), văn bản sao chép (text/plain: ô bắt đầu bằng Tab, hoặc bảng Markdown), hoặc JSON chuẩn. Nhập lại cùng nội dung không thay đổi gì; bản sửa đổi cập nhật tại chỗ.")
            .Accepts<PlanDocument>("application/json", "text/plain", "text/markdown", DocxMediaType)
            .ProducesOutcomesOf<ImportPlanResult>()
            .ProducesProblem(StatusCodes.Status403Forbidden); // admin only: any other key is refused
        plans.MapGet("/", ListAsync).WithSummary("Các kế hoạch của tỉnh.");
        plans.MapGet("/{planId}", GetAsync).WithSummary("Một kế hoạch: các mục, tên gọi tắt, cảnh báo của lần nhập gần nhất.");
        plans.MapGet("/{planId}/tasks", ListTasksAsync).WithSummary("Các nhiệm vụ, lọc theo mục (section=III).");
        plans.MapGet("/{planId}/tasks/{taskId}", GetTaskAsync).WithSummary("Một nhiệm vụ.");
        plans.MapGet("/{planId}/assignments", ListAssignmentsAsync)
            .WithSummary("Phân công theo cơ quan: lọc theo agencyId, level, dueBefore, dueAfter (yyyy-MM-dd). Khóa của cơ quan chỉ thấy phần của mình.");
        return api;
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request,
        string? planId,
        string? province,
        [FromQuery(Name = "year")] string? yearText,
        string? decisionNumber,
        [FromQuery(Name = "decisionDate")] string? decisionDateText,
        string? title,
        ClaimsPrincipal user,
        ImportPlan import,
        CancellationToken cancellationToken)
    {
        var queryErrors = new List<FieldError>();
        var year = RequestValues.Int(yearText, "year", 2000, 2100, queryErrors);
        var decisionDate = RequestValues.Day(decisionDateText, "decisionDate", queryErrors);
        if (queryErrors.Count > 0)
        {
            return ApiProblems.Invalid(queryErrors, "Tham số truy vấn không hợp lệ; không có gì được nhập.");
        }

        var bytes = await RequestBody.ReadBytesAsync(request, ImportLimit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ApiProblems.TooLarge(ImportLimit);
        }

        if (bytes.Length == 0)
        {
            return ApiProblems.BadRequest("Thân yêu cầu trống: gửi tệp .docx, văn bản kế hoạch hoặc JSON.");
        }

        PlanSource source;
        switch (FormatOf(request.ContentType, bytes))
        {
            case ImportFormat.Docx:
                source = new PlanSource.Docx(bytes);
                break;
            case ImportFormat.Json:
                var (document, problem) = RequestBody.Deserialize<PlanDocument>(bytes);
                if (problem is not null)
                {
                    return problem;
                }

                source = new PlanSource.Json(document!);
                break;
            case ImportFormat.Text:
                source = new PlanSource.Text(bytes);
                break;
            default:
                return ApiProblems.UnsupportedMediaType($"Không nhập được nội dung kiểu '{request.ContentType}': dùng .docx, text/plain, text/markdown hoặc application/json.");
        }

        var overrides = new PlanIdentityOverrides(planId, province, year, decisionNumber, decisionDate, title);
        return ToHttp(await import.HandleAsync(new ImportPlanCommand(Caller.From(user), source, overrides), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Each outcome of importing a plan, as HTTP.</summary>
    internal static IResult ToHttp(ImportPlanResult result) => result switch
    {
        ImportPlanResult.Created created => TypedResults.Created($"/api/plans/{created.Plan.PlanId}", created.Plan),
        ImportPlanResult.Imported imported => TypedResults.Ok(imported.Plan),
        ImportPlanResult.Invalid invalid => ApiProblems.Invalid(invalid.Errors, invalid.Detail),
        ImportPlanResult.Unreadable unreadable => ApiProblems.BadRequest(unreadable.Detail),
        ImportPlanResult.Conflict conflict => ApiProblems.Conflict(conflict.Detail),
        var other => throw new UnreachableException($"Unmapped outcome {other}"),
    };

    private static async Task<Ok<List<PlanSummary>>> ListAsync(ClaimsPrincipal user, PlanStore plans, CancellationToken cancellationToken)
    {
        var headers = await plans.ListAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(headers.OrderByDescending(h => h.Identity.Year).ThenBy(h => h.Identity.PlanId, StringComparer.Ordinal).Select(Summary).ToList());
    }

    private static async Task<Results<Ok<PlanDetail>, ProblemHttpResult>> GetAsync(string planId, ClaimsPrincipal user, PlanStore plans, CancellationToken cancellationToken)
    {
        var header = await plans.GetAsync(Caller.From(user).Province, planId, cancellationToken).ConfigureAwait(false);
        return header is null
            ? PlanNotFound(planId)
            : TypedResults.Ok(new PlanDetail(Summary(header), header.Sections, header.Aliases, header.Warnings));
    }

    private static async Task<Results<Ok<List<TaskResponse>>, ProblemHttpResult>> ListTasksAsync(
        string planId, string? section, ClaimsPrincipal user, PlanStore plans, CancellationToken cancellationToken)
    {
        var header = await plans.GetAsync(Caller.From(user).Province, planId, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return PlanNotFound(planId);
        }

        var tasks = await plans.GetTasksAsync(header, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(tasks
            .Where(t => section is null || string.Equals(t.SectionNumber, section, StringComparison.OrdinalIgnoreCase))
            .Select(ToResponse)
            .ToList());
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetTaskAsync(
        string planId, string taskId, ClaimsPrincipal user, PlanStore plans, CancellationToken cancellationToken)
    {
        var header = await plans.GetAsync(Caller.From(user).Province, planId, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return PlanNotFound(planId);
        }

        var task = (await plans.GetTasksAsync(header, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.TaskId == taskId);
        return task is null ? ApiProblems.NotFound($"Kế hoạch '{planId}' không có nhiệm vụ '{taskId}'.") : TypedResults.Ok(ToResponse(task));
    }

    private static async Task<Results<Ok<List<AssignmentResponse>>, ProblemHttpResult, ValidationProblem>> ListAssignmentsAsync(
        string planId,
        string? agencyId,
        string? level,
        [FromQuery(Name = "dueBefore")] string? dueBeforeText,
        [FromQuery(Name = "dueAfter")] string? dueAfterText,
        ClaimsPrincipal user,
        PlanStore plans,
        AgencyRegistryStore registries,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var dueBefore = RequestValues.Day(dueBeforeText, "dueBefore", errors);
        var dueAfter = RequestValues.Day(dueAfterText, "dueAfter", errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var caller = Caller.From(user);
        if (!caller.TryScopeAgency(agencyId, out agencyId))
        {
            return ApiProblems.Forbidden("Khóa của cơ quan chỉ xem được phân công của chính cơ quan đó.");
        }

        var header = await plans.GetAsync(caller.Province, planId, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return PlanNotFound(planId);
        }

        var assignments = await plans.GetAssignmentsAsync(header, agencyId, level, dueBefore, dueAfter, cancellationToken).ConfigureAwait(false);
        var tasks = new Dictionary<string, StoredTask>(StringComparer.Ordinal);
        foreach (var task in await plans.GetTasksAsync(header, cancellationToken).ConfigureAwait(false))
        {
            tasks.TryAdd(task.TaskId, task);
        }

        var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
        // An assignment is listed even if its task row is gone (a revision damaged by hand or by an older import):
        // one missing task must not make every agency's list fail.
        return TypedResults.Ok(assignments.Select(a =>
        {
            var task = tasks.GetValueOrDefault(a.TaskId);
            return new AssignmentResponse(
                a.PlanId, a.TaskId, a.AgencyId, registry.FindAgency(a.AgencyId)?.Name ?? a.AgencyId, a.Level, a.DueDate,
                a.TimeframeKind, a.Recurrence, task?.Timeframe.Text ?? string.Empty, task?.Content ?? string.Empty, task?.ExpectedOutput ?? string.Empty);
        }).ToList());
    }

    private enum ImportFormat
    {
        Unknown,
        Docx,
        Json,
        Text,
    }

    private static ImportFormat FormatOf(string? contentType, byte[] bytes)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            DocxMediaType => ImportFormat.Docx,
            "application/json" or "text/json" => ImportFormat.Json,
            "text/plain" or "text/markdown" or "text/tab-separated-values" => ImportFormat.Text,
            null or "" or "application/octet-stream" => Sniff(bytes),
            _ => ImportFormat.Unknown,
        };

        // Without a useful Content-Type, look at the bytes: a zip is a .docx, a brace is JSON, anything else is text.
        static ImportFormat Sniff(byte[] bytes) => bytes switch
        {
            [0x50, 0x4B, 0x03, 0x04, ..] => ImportFormat.Docx,
            _ when RequestBody.FirstSignificantByte(bytes) == (byte)'{' => ImportFormat.Json,
            _ => ImportFormat.Text,
        };
    }

    private static ProblemHttpResult PlanNotFound(string planId) => ApiProblems.NotFound($"Không có kế hoạch '{planId}'.");

    private static PlanSummary Summary(PlanHeader header) => new(
        header.Identity.PlanId, header.Identity.Province, header.Identity.Year, header.Identity.Title, header.Identity.DecisionNumber,
        header.Identity.DecisionDate, header.Revision, header.ImportedAt, header.TaskCount, header.AssignmentCount, header.WarningCount);

    private static TaskResponse ToResponse(StoredTask task) => new(
        task.TaskId, task.SectionNumber, task.Number, task.Content,
        new AgencyCell(task.Lead.Text, task.Lead.Parts, task.Lead.AgencyIds),
        new AgencyCell(task.Coordinating.Text, task.Coordinating.Parts, task.Coordinating.AgencyIds),
        task.ExpectedOutput, task.Timeframe);
}
