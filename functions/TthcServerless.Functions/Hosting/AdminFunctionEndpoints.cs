using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Hosting;

/// <summary>Body of <c>POST /admin/functions/{name}</c>: the queue message text for a queue function (Core Tools' shape).</summary>
public sealed record AdminInvocationRequest(string? Input);

/// <summary>What a run through the admin endpoint logged.</summary>
public sealed record AdminInvocationResponse(string FunctionName, string InvocationId, IReadOnlyList<string> Logs);

/// <summary>
/// Standalone mode only: <c>POST /admin/functions/{name}</c> with the admin key runs a timer or queue function now, as
/// Core Tools' admin endpoint does (a timer as if it fired, not past due; a queue function with <c>{"input": "…"}</c> as
/// its message). Operators and tests use it to run <c>PeriodicReports</c> without waiting for 02:00. Under the Functions
/// host the host's own admin API does this, so the route is not mapped there.
/// </summary>
internal static class AdminFunctionEndpoints
{
    public static IEndpointRouteBuilder MapAdminFunctionEndpoints(this IEndpointRouteBuilder app, HostingProfile hosting)
    {
        ArgumentNullException.ThrowIfNull(hosting);
        if (hosting.Mode == HostingMode.Standalone)
        {
            app.MapPost("/admin/functions/{functionName}", RunAsync)
                .RequireAuthorization(ApiPolicies.Admin)
                .WithTags("Admin")
                .WithSummary("Chỉ ở chế độ chạy độc lập: chạy ngay một hàm hẹn giờ hoặc hàng đợi (như Core Tools), ví dụ PeriodicReports.")
                .Produces<AdminInvocationResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesValidationProblem();
        }

        return app;
    }

    private static async Task<IResult> RunAsync(string functionName, HttpRequest request, FunctionCatalog catalog, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (catalog.Find(functionName) is not InvokedFunctionDefinition definition)
        {
            return ApiProblems.NotFound($"Không có hàm hẹn giờ hoặc hàng đợi tên '{functionName}'.");
        }

        var context = new FunctionInvocationContext(definition.Name, Guid.NewGuid().ToString());
        await using var scope = services.CreateAsyncScope();
        switch (definition)
        {
            case TimerFunctionDefinition timer:
                await scope.ServiceProvider.GetRequiredKeyedService<ITimerFunction>(timer.Name)
                    .RunAsync(new TimerInvocation(context, IsPastDue: false, null, null), cancellationToken).ConfigureAwait(false);
                break;
            case QueueFunctionDefinition queue:
                var (body, problem) = await RequestBody.ReadJsonAsync<AdminInvocationRequest>(request, 64 * 1024, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }

                if (body?.Input is not { } input)
                {
                    return ApiProblems.Invalid("input", "bắt buộc với hàm hàng đợi: nội dung thông điệp.");
                }

                await scope.ServiceProvider.GetRequiredKeyedService<IQueueFunction>(queue.Name)
                    .RunAsync(new QueueInvocation(context, input, null, 1, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
                break;
        }

        return TypedResults.Ok(new AdminInvocationResponse(definition.Name, context.InvocationId, context.Logs));
    }
}
