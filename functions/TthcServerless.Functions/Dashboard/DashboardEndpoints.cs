using Microsoft.AspNetCore.Http.HttpResults;

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
        return api;
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
