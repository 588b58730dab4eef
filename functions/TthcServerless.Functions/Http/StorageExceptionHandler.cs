using Microsoft.AspNetCore.Diagnostics;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Http;

/// <summary>
/// Storage that does not answer (Azurite stopped, a network blip, throttling) is the caller's "try again", not our bug:
/// 503 with Retry-After and a problem body, instead of a 500. Every write path is built so that such a failure leaves
/// nothing half-written.
/// </summary>
internal sealed partial class StorageExceptionHandler(IProblemDetailsService problems, ILogger<StorageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFailures.IsOutage(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, exception.Message.Split('\n', 2)[0]);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "10";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = ApiProblems.StorageUnavailableTitle,
                Detail = ApiProblems.StorageUnavailableDetail,
            },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable while handling a request: {Kind}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string reason);
}
