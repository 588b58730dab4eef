using NCrontab;

namespace TthcServerless.Functions.Hosting.LocalRunner;

/// <summary>
/// Fires one timer function on its NCRONTAB schedule (UTC, six fields, parsed by the same package the host uses).
/// Runs never overlap; a failed run is retried per the function's retry policy; a missed occurrence fires once at
/// start-up with <c>IsPastDue</c>.
/// </summary>
internal sealed partial class LocalTimerListener(
    TimerFunctionDefinition definition,
    TimerScheduleMonitor monitor,
    LocalInvocationClient invoker,
    TimeProvider time,
    ILogger logger)
{
    // Task.Delay cannot wait longer than ~49 days; yearly schedules wait in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly CrontabSchedule _schedule =
        CrontabSchedule.Parse(definition.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            var status = definition.UseMonitor ? await monitor.ReadAsync(definition.Name, stoppingToken).ConfigureAwait(false) : null;
            var now = time.GetUtcNow();
            var first = NextOccurrence(now);
            LogScheduled(logger, definition.Name, definition.Schedule, first);

            if (definition.RunOnStartup)
            {
                status = await FireAsync(now, isPastDue: false, status, stoppingToken).ConfigureAwait(false);
            }
            else if (status is not null && status.Next < now)
            {
                status = await FireAsync(status.Next, isPastDue: true, status, stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var occurrence = NextOccurrence(time.GetUtcNow());
                await DelayUntilAsync(occurrence, stoppingToken).ConfigureAwait(false);
                status = await FireAsync(occurrence, isPastDue: false, status, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextOccurrence(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    private async Task<TimerScheduleStatus?> FireAsync(DateTimeOffset occurrence, bool isPastDue, TimerScheduleStatus? previous, CancellationToken stoppingToken)
    {
        var maxRetries = definition.Retry?.MaxRetryCount ?? 0;
        for (var attempt = 0; ; attempt++)
        {
            var payload = HostPayloadBuilder.Timer(
                definition.Name,
                definition.BindingName,
                isPastDue,
                previous?.Last,
                occurrence,
                previous?.LastUpdated,
                time.GetUtcNow(),
                retryCount: definition.Retry is null ? null : attempt,
                maxRetryCount: definition.Retry?.MaxRetryCount);

            InvocationOutcome outcome;
            try
            {
                outcome = await invoker.InvokeAsync(definition.Name, payload, Guid.NewGuid().ToString(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                outcome = InvocationOutcome.Failure($"{ex.GetType().Name}: {ex.Message}");
            }

            if (outcome.Succeeded || attempt >= maxRetries)
            {
                if (!outcome.Succeeded)
                {
                    // As on the host: a failed run is logged and the next occurrence fires normally.
                    LogFailed(logger, definition.Name, occurrence, outcome.Detail);
                }

                break;
            }

            LogRetrying(logger, definition.Name, attempt + 1, maxRetries, outcome.Detail);
            await Task.Delay(definition.Retry!.DelayInterval, time, stoppingToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var status = new TimerScheduleStatus(occurrence, NextOccurrence(now), now);
        if (definition.UseMonitor)
        {
            await monitor.WriteAsync(definition.Name, status, stoppingToken).ConfigureAwait(false);
        }

        return status;
    }

    private async Task DelayUntilAsync(DateTimeOffset target, CancellationToken stoppingToken)
    {
        for (var remaining = target - time.GetUtcNow(); remaining > TimeSpan.Zero; remaining = target - time.GetUtcNow())
        {
            await Task.Delay(remaining < LongestWait ? remaining : LongestWait, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local runner: timer {FunctionName} ({Schedule}, UTC) next fires at {Next:O}")]
    private static partial void LogScheduled(ILogger logger, string functionName, string schedule, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local runner: timer {FunctionName} failed, retry {Attempt} of {MaxRetries}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string functionName, int attempt, int maxRetries, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local runner: timer {FunctionName} failed for the occurrence at {Occurrence:O}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string functionName, DateTimeOffset occurrence, string reason);
}
