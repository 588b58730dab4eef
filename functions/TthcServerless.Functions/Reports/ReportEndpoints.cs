using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TthcServerless.Domain;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Reports;

/// <summary>Body of <c>POST /api/reports</c>.</summary>
public sealed record ReportRequest(string? PlanId, string? Period);

/// <summary>A written report version (docs/reports.md).</summary>
public sealed record ReportResponse(
    string ReportId,
    string PlanId,
    string Period,
    string Kind,
    int Version,
    bool Provisional,
    DateTimeOffset AsOf,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    DateTimeOffset GeneratedAt,
    long Bytes,
    string Sha256,
    IReadOnlyDictionary<string, int> RowCounts,
    string ContentUrl,
    bool? InputsChanged = null);

/// <summary>A page of reports.</summary>
public sealed record ReportListResponse(IReadOnlyList<ReportResponse> Items, string? ContinuationToken);

/// <summary>
/// <c>/api/reports</c>: generate a plan's report for a period, list the reports written, read one, download its workbook.
/// Admin and analyst keys; agency keys are refused (403).
/// </summary>
internal static class ReportEndpoints
{
    public const string Policy = "reports";

    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportStore>();
        services.AddSingleton<GenerateReport>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin, ApiRoles.Analyst));
        return services;
    }

    /// <summary>Where a report's workbook is downloaded (the API answer's contentUrl, the dashboard's link).</summary>
    public static string ContentPath(string reportId) => $"/api/reports/{Uri.EscapeDataString(reportId)}/content";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policy);
        reports.MapPost("/", PostAsync)
            .WithSummary("Lập báo cáo định kỳ của một kế hoạch cho một kỳ (2026-12, 2026-Q4, 2026-H1, 2026-H2, 2026-9M, 2026): 201 khi ghi phiên bản mới, 200 khi phiên bản mới nhất vẫn đúng; regenerate=true ghi phiên bản mới khi dữ liệu đầu vào đã đổi.")
            .Accepts<ReportRequest>("application/json")
            .Produces<ReportResponse>(StatusCodes.Status201Created)
            .Produces<ReportResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapGet("/", ListAsync)
            .WithSummary("Các báo cáo đã lập: lọc theo planId, period, kind (month, quarter, half-year, nine-months, year); phân trang bằng pageSize, continuationToken.")
            .Produces<ReportListResponse>()
            .ProducesValidationProblem();
        reports.MapGet("/{reportId}", GetAsync).WithSummary("Một phiên bản báo cáo.")
            .Produces<ReportResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapGet("/{reportId}/content", ContentAsync).WithSummary("Tệp Excel (.xlsx) của báo cáo.")
            .Produces(StatusCodes.Status200OK, contentType: ReportWorkbook.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> PostAsync(HttpRequest request, [FromQuery(Name = "regenerate")] string? regenerateText, ClaimsPrincipal user,
        GenerateReport generate, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync<ReportRequest>(request, 16 * 1024, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        var regenerate = RequestValues.Bool(regenerateText, "regenerate", errors) ?? false;
        if (string.IsNullOrWhiteSpace(body?.PlanId))
        {
            errors.Add(new FieldError("planId", "bắt buộc: mã kế hoạch."));
        }

        if (string.IsNullOrWhiteSpace(body?.Period))
        {
            errors.Add(new FieldError("period", "bắt buộc: mã kỳ báo cáo, ví dụ 2026-12, 2026-Q4, 2026-H1, 2026-9M, 2026."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var caller = Caller.From(user);
        var result = await generate.RunAsync(caller.Province, body!.PlanId!, body.Period!, regenerate, waitForOtherRun: true, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            GenerateReportOutcome.Created => TypedResults.Created($"/api/reports/{result.Report!.ReportId}", ToResponse(result.Report)),
            GenerateReportOutcome.Existing => TypedResults.Ok(ToResponse(result.Report!) with { InputsChanged = result.InputsChanged }),
            GenerateReportOutcome.PlanNotFound => ApiProblems.NotFound(result.Problem!),
            GenerateReportOutcome.Busy => ApiProblems.Conflict(result.Problem!),
            _ => ApiProblems.Invalid("period", result.Problem!),
        };
    }

    private static async Task<IResult> ListAsync(
        string? planId, string? period, string? kind, [FromQuery(Name = "pageSize")] string? pageSizeText, string? continuationToken,
        ClaimsPrincipal user, ReportStore store, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var pageSize = RequestValues.Int(pageSizeText, "pageSize", 1, 100, errors);
        if (kind is not null && kind is not ("month" or "quarter" or "half-year" or "nine-months" or "year"))
        {
            errors.Add(new FieldError("kind", "một trong month, quarter, half-year, nine-months, year."));
        }

        if (period is not null && Domain.Periods.ReportingPeriod.ParseId(period) is null)
        {
            errors.Add(new FieldError("period", $"'{period}' không phải mã kỳ báo cáo (2026-12, 2026-Q4, 2026-H1, 2026-9M, 2026)."));
        }

        if (continuationToken is not null && !PageToken.IsWellFormed(continuationToken))
        {
            errors.Add(new FieldError("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        try
        {
            var (items, token) = await store.ListAsync(Caller.From(user).Province, planId, period, kind, pageSize ?? 50, continuationToken, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new ReportListResponse([.. items.Select(ToResponse)], token));
        }
        catch (InvalidPageTokenException)
        {
            return ApiProblems.Invalid("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về.");
        }
    }

    private static async Task<Results<Ok<ReportResponse>, ProblemHttpResult>> GetAsync(string reportId, ClaimsPrincipal user, ReportStore store, CancellationToken cancellationToken) =>
        await FindAsync(reportId, user, store, cancellationToken).ConfigureAwait(false) is { } record
            ? TypedResults.Ok(ToResponse(record))
            : ApiProblems.NotFound($"Không có báo cáo '{reportId}'.");

    private static async Task<IResult> ContentAsync(string reportId, ClaimsPrincipal user, ReportStore store, CancellationToken cancellationToken)
    {
        if (await FindAsync(reportId, user, store, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return ApiProblems.NotFound($"Không có báo cáo '{reportId}'.");
        }

        var content = await store.OpenContentAsync(record, cancellationToken).ConfigureAwait(false);
        return TypedResults.Stream(content, ReportWorkbook.ContentType, ReportWorkbook.FileName(record.PlanId, record.PeriodId, record.Version));
    }

    private static async Task<ReportRecord?> FindAsync(string reportId, ClaimsPrincipal user, ReportStore store, CancellationToken cancellationToken) =>
        ReportStore.ParseReportId(reportId) is { } id
            ? await store.GetAsync(Caller.From(user).Province, id.PlanId, id.PeriodId, id.Version, cancellationToken).ConfigureAwait(false)
            : null;

    internal static ReportResponse ToResponse(ReportRecord r) => new(r.ReportId, r.PlanId, r.PeriodId, r.Kind, r.Version, r.Provisional, r.AsOf,
        r.WindowStart, r.WindowEnd, r.GeneratedAt, r.Bytes, r.Sha256, r.RowCounts, ContentPath(r.ReportId));
}
