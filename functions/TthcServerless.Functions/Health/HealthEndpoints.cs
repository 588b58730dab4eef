using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Functions.Hosting;

namespace TthcServerless.Functions.Health;

/// <summary>The answer of <c>GET /api/health</c>.</summary>
public sealed record HealthReport(string Status, string Mode, string Storage, IReadOnlyDictionary<string, ServiceHealth> Checks);

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/health", GetHealthAsync)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Whether tables, blobs and queues are reachable, and how the app is hosted.")
            .AllowAnonymous();
        return api;
    }

    private static async Task<JsonHttpResult<HealthReport>> GetHealthAsync(
        StorageHealthProbe probe,
        HostingProfile profile,
        CancellationToken cancellationToken)
    {
        var checks = await probe.CheckAsync(cancellationToken).ConfigureAwait(false);
        var healthy = checks.Values.All(check => check.Reachable);
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", profile.ModeName, probe.ConnectionDescription, checks);
        return TypedResults.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
