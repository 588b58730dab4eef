namespace TthcServerless.Functions.Updates;

/// <summary>When the sweep looks and how long an outcome must have been in storage before it is trusted.</summary>
public sealed class AcceptedUpdateSweepOptions
{
    public const string Section = "Tthc:Updates:Sweep";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the sweep looks at the updates answered 202 on this instance.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How old an accepted update must be before the sweep asks about it, and how long its outcome must have been stored
    /// before it is forgotten: longer than a queue hop, and well past Azurite's 5-second save interval.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sends again before the update is reported <c>rejected</c>; the wait doubles each time (capped at an hour).</summary>
    public int MaxRedrives { get; set; } = 8;
}

/// <summary>
/// Makes every 202 end as <c>stored</c> or <c>rejected</c>: for each update this instance accepted, once it has settled,
/// the sweep reads its outcome. An outcome stored for longer than the settle time is trusted and the update forgotten; no
/// outcome means the message was lost (or is very late), so it is sent again — ingestion is idempotent, a late original
/// and its copy store one row. After <see cref="AcceptedUpdateSweepOptions.MaxRedrives"/> sends without an outcome the
/// update is recorded <c>rejected</c> with the reason, never left <c>queued</c>.
/// </summary>
internal sealed partial class AcceptedUpdateSweep(
    AcceptedUpdates accepted,
    TaskUpdateOutbox outbox,
    UpdateOutcomes outcomes,
    TaskUpdateHistory history,
    Microsoft.Extensions.Options.IOptions<AcceptedUpdateSweepOptions> options,
    TimeProvider time,
    ILogger<AcceptedUpdateSweep> logger) : BackgroundService
{
    private long _redriven;

    /// <summary>Updates sent again because their outcome never appeared (since start).</summary>
    public long Redriven => Interlocked.Read(ref _redriven);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken).ConfigureAwait(false);
                await SweepAsync(settings, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Storage may be down: the sweep tries again at its next interval, it never stops.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSweepFailed(logger, ex.Message);
            }
        }
    }

    public async Task SweepAsync(AcceptedUpdateSweepOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var now = time.GetUtcNow();
        var due = accepted.SentBefore(now - settings.SettleTime)
            .Where(e => e.SentAt + Backoff(settings, e.Redrives) <= now)
            .ToList();
        foreach (var byProvince in due.GroupBy(e => e.Update.Province, StringComparer.Ordinal))
        {
            var decided = await outcomes.GetManyAsync(byProvince.Key, [.. byProvince.Select(e => e.Update.Update.UpdateId)], cancellationToken).ConfigureAwait(false);
            foreach (var entry in byProvince)
            {
                var id = entry.Update.Update.UpdateId;
                if (decided.TryGetValue(id, out var outcome))
                {
                    // Trusted once it has been in storage for the settle time; until then, looked at again. A "stored"
                    // outcome is trusted only with its history row: an emulator killed mid-write has been seen to keep the
                    // outcome and lose the row written before it (StorageCrashTests), and storing again rewrites the row.
                    if (outcome.DecidedAt > now - settings.SettleTime)
                    {
                        continue;
                    }

                    if (outcome.State != TaskUpdateStates.Stored
                        || await history.ContainsAsync(entry.Update.Province, entry.Update.Update, cancellationToken).ConfigureAwait(false))
                    {
                        accepted.Settled(id);
                        continue;
                    }
                }

                if (entry.Redrives >= settings.MaxRedrives)
                {
                    await outcomes.RecordAsync([entry.Update], TaskUpdateStates.Rejected,
                        $"Không xác nhận được báo cáo đã được lưu sau {entry.Redrives} lần gửi lại vào hàng đợi; vui lòng gửi lại báo cáo.", cancellationToken).ConfigureAwait(false);
                    accepted.Settled(id);
                    continue;
                }

                LogRedriving(logger, id, entry.Redrives + 1, now - entry.SentAt);
                accepted.Redriving(entry);
                await outbox.EnqueueAsync(entry.Update, entry.Json).ConfigureAwait(false);
                Interlocked.Increment(ref _redriven);
            }
        }
    }

    private static TimeSpan Backoff(AcceptedUpdateSweepOptions settings, int redrives) =>
        redrives == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, settings.SettleTime.Ticks * (1L << Math.Min(redrives, 20))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update {UpdateId} has no outcome {Age} after it was queued; sending it again (time {Attempt}).")]
    private static partial void LogRedriving(ILogger logger, string updateId, int attempt, TimeSpan age);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The accepted-update sweep could not finish; it tries again at its next interval: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
