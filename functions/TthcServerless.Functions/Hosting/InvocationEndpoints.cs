using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// The custom-handler side of the host contract: <c>GET /</c> answers the host's readiness ping, and
/// <c>POST /{FunctionName}</c> runs a timer or queue function from the host's JSON payload. These paths are outside
/// <c>/api</c>, so the host's public proxy (routePrefix <c>api</c>) can never reach them.
/// </summary>
internal static partial class InvocationEndpoints
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>Timer and queue payloads are small (a queue message is at most 64 KiB); refuse anything absurd.</summary>
    private const long MaxPayloadBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapInvocationEndpoints(this IEndpointRouteBuilder app)
    {
        // Any HTTP answer counts as "ready" for the host; keep this free of storage calls.
        // The host calls these on loopback without an API key (its own readiness probe and trigger invocations), so they
        // are public by declaration rather than by the fallback; the app listens on 127.0.0.1 only under the host.
        app.MapGet("/", () => TypedResults.Text("TthcServerless custom handler", "text/plain"))
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost("/{functionName:regex(^[A-Za-z][A-Za-z0-9_-]*$)}", InvokeAsync)
            .AllowAnonymous()
            .ExcludeFromDescription();

        return app;
    }

    private static async Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> InvokeAsync(
        string functionName,
        HttpContext http,
        FunctionCatalog catalog,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("Function." + functionName);
        if (catalog.Find(functionName) is not InvokedFunctionDefinition definition)
        {
            return Failure(StatusCodes.Status404NotFound, "Unknown function", $"No timer or queue function named '{functionName}' is declared.");
        }

        var invocationId = http.Request.Headers[InvocationIdHeader].ToString();
        if (string.IsNullOrWhiteSpace(invocationId))
        {
            invocationId = Guid.NewGuid().ToString();
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InvocationId"] = invocationId, ["FunctionName"] = definition.Name });
        var context = new FunctionInvocationContext(definition.Name, invocationId);
        var cancellationToken = http.RequestAborted;

        HostPayload payload;
        try
        {
            if (http.Request.ContentLength > MaxPayloadBytes)
            {
                return Failure(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Invocation payloads are limited to {MaxPayloadBytes} bytes.");
            }

            using var document = await JsonDocument.ParseAsync(http.Request.Body, Http.ApiJson.Document, cancellationToken).ConfigureAwait(false);
            payload = HostPayload.Parse(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            LogBadPayload(logger, definition.Name, ex.Message);
            return Failure(StatusCodes.Status400BadRequest, "Malformed invocation payload", ex.Message);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var services = http.RequestServices.CreateAsyncScope();
            switch (definition)
            {
                case TimerFunctionDefinition timer:
                    var tick = payload.ReadTimer(timer.BindingName, context);
                    await services.ServiceProvider.GetRequiredKeyedService<ITimerFunction>(timer.Name)
                        .RunAsync(tick, cancellationToken).ConfigureAwait(false);
                    break;
                case QueueFunctionDefinition queue:
                    var message = payload.ReadQueueMessage(queue.BindingName, context);
                    await services.ServiceProvider.GetRequiredKeyedService<IQueueFunction>(queue.Name)
                        .RunAsync(message, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new UnreachableException($"Unhandled function kind {definition.GetType().Name}.");
            }
        }
        catch (FormatException ex)
        {
            LogBadPayload(logger, definition.Name, ex.Message);
            return Failure(StatusCodes.Status400BadRequest, "Malformed invocation payload", ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The host discards the body of a failed invocation (docs/hosting.md H3): the error must reach our own log,
            // which goes to stderr and so shows as an Error in the host's logs.
            LogFailed(logger, ex, definition.Name, invocationId);
            return Failure(StatusCodes.Status500InternalServerError, "Invocation failed", $"{ex.GetType().Name}: {ex.Message}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogSucceeded(logger, definition.Name, invocationId, elapsed.TotalMilliseconds);
        return TypedResults.Json(
            new InvocationResponse(new Dictionary<string, object?>(), context.Logs, null),
            statusCode: StatusCodes.Status200OK,
            contentType: "application/json");
    }

    private static ProblemHttpResult Failure(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} received a malformed payload: {Reason}")]
    private static partial void LogBadPayload(ILogger logger, string functionName, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed (invocation {InvocationId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName, string invocationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} succeeded (invocation {InvocationId}) in {ElapsedMs:0.0} ms")]
    private static partial void LogSucceeded(ILogger logger, string functionName, string invocationId, double elapsedMs);
}
