using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TthcServerless.Domain.Dashboard;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Dashboard;

/// <summary>
/// The dashboard (docs/dashboard.md): a static page and its files, open to everyone because they hold no data — the
/// numbers come from <c>/api/dashboard/data</c>, which asks for a key unless the province publishes its aggregates.
/// </summary>
internal static class DashboardEndpoints
{
    // The page may load only its own files; the charts set inline styles, nothing else inline runs.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder api)
    {
        var dashboard = api.MapGroup("/dashboard").WithTags("Dashboard");
        dashboard.MapGet("/", GetPage).AllowAnonymous().ExcludeFromDescription();
        dashboard.MapGet("/assets/{**path}", GetAsset).AllowAnonymous().ExcludeFromDescription();
        // Anonymous at the door: without a key it answers 401, or the aggregates when the province publishes them.
        dashboard.MapGet("/data", GetDataAsync).AllowAnonymous()
            .WithSummary("Số liệu bảng điều khiển của một kế hoạch và kỳ báo cáo (lọc theo cấp, cơ quan), tính như báo cáo Excel của kỳ đó.")
            .Produces<DashboardResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<DashboardResponse>, ValidationProblem, ProblemHttpResult>> GetDataAsync(
        string? planId, string? period, string? level, string? agencyId, HttpContext context, ClaimsPrincipal user,
        IOptions<TthcOptions> tthc, IOptions<DashboardOptions> options, DashboardQuery query, CancellationToken cancellationToken)
    {
        DashboardRequest request;
        if (user.Identity?.IsAuthenticated == true)
        {
            var caller = Caller.From(user);
            if (!caller.MaySee(agencyId ?? caller.AgencyId ?? string.Empty))
            {
                return ApiProblems.Forbidden("Khóa của cơ quan chỉ xem được số liệu chung của tỉnh và của chính cơ quan mình.");
            }

            request = new DashboardRequest(caller.Province, planId, period, level, agencyId,
                caller.IsAgency ? DashboardAccess.OwnAgencyRows : DashboardAccess.Everything, caller.AgencyId);
        }
        else if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || !options.Value.PublicAggregates)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Chưa xác thực",
                detail: "Cần khóa API hợp lệ (tiêu đề X-Api-Key) để xem số liệu bảng điều khiển.");
        }
        else
        {
            request = new DashboardRequest(tthc.Value.Province, planId, period, level, agencyId, DashboardAccess.AggregatesOnly, null);
        }

        return await query.RunAsync(request, cancellationToken).ConfigureAwait(false) switch
        {
            DashboardOutcome.Shown shown => TypedResults.Ok(shown.Response),
            DashboardOutcome.Invalid invalid => ApiProblems.Invalid(invalid.Errors),
            DashboardOutcome.NoSuchPlan missing => ApiProblems.NotFound($"Không có kế hoạch '{missing.PlanId}'."),
            var other => throw new InvalidOperationException($"Unexpected dashboard outcome {other}."),
        };
    }

    private static FileContentHttpResult GetPage(HttpContext context, DashboardAssets assets)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.CacheControl = "no-cache";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var page = assets.Page;
        return TypedResults.File(page.Content, page.ContentType);
    }

    private static Results<FileContentHttpResult, NotFound> GetAsset(string path, HttpContext context, DashboardAssets assets)
    {
        if (assets.Find(path) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.File(asset.Content, asset.ContentType);
    }
}
