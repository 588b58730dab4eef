using System.Text.Json;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Queue function on <c>task-updates</c>: stores each update of a message (history row + assignment snapshot) and records
/// its outcome where its status URL looks. An update the plan no longer allows (the task was removed by an amended plan)
/// is rejected with the reason, and the rest of the message is still stored. A message that cannot be processed fails,
/// is retried by the host, and on the last attempt its updates are recorded as rejected before the host moves it to
/// <c>task-updates-poison</c> with its body — unless storage, not the message, was what failed: then the message is put
/// back on the queue for later, so accepted updates are stored once storage returns instead of waiting in the poison queue.
/// </summary>
internal sealed partial class IngestTaskUpdate(
    CurrentPlans plans,
    TaskUpdateHistory history,
    AssignmentSnapshots snapshots,
    UpdateOutcomes outcomes,
    OutageRequeue outage,
    IOptions<QueueHostOptions> queueOptions,
    ILogger<IngestTaskUpdate> logger) : IQueueFunction
{
    public async Task RunAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var batch = JsonSerializer.Deserialize<TaskUpdateBatch>(invocation.Text, ApiJson.Default)
            ?? throw new JsonException("The task-updates message is JSON null.");
        if (batch.Updates is null || batch.Updates.Any(u => u?.Update is null))
        {
            throw new JsonException("The task-updates message has no updates list or an empty update.");
        }

        try
        {
            if (batch.V != TaskUpdateBatch.CurrentVersion)
            {
                throw new NotSupportedException($"task-updates message version {batch.V} is not known to this version of the app.");
            }

            var stored = 0;
            var rejected = 0;
            foreach (var group in batch.Updates.GroupBy(u => (u.Province, u.Update.PlanId)))
            {
                var plan = await plans.GetAsync(group.Key.Province, group.Key.PlanId, cancellationToken).ConfigureAwait(false);
                var accepted = new List<QueuedTaskUpdate>();
                var refused = new List<(QueuedTaskUpdate Update, string Reason)>();
                foreach (var update in group)
                {
                    var reason = plan is null
                        ? $"Kế hoạch '{update.Update.PlanId}' không còn tồn tại."
                        : plan.CheckReport(update.Update.AgencyId, update.Update.TaskId) switch
                        {
                            ReportCheck.NoSuchTask => $"Nhiệm vụ {update.Update.TaskId} không còn trong kế hoạch (kế hoạch đã được sửa đổi).",
                            ReportCheck.NotAssigned => $"Nhiệm vụ {update.Update.TaskId} không còn giao cho cơ quan '{update.Update.AgencyId}'.",
                            _ => null,
                        };
                    if (reason is null)
                    {
                        accepted.Add(update);
                    }
                    else
                    {
                        refused.Add((update, reason));
                    }
                }

                if (accepted.Count > 0)
                {
                    // History first, then snapshots, then the outcome; each write is idempotent, so a message retried
                    // after a failure anywhere converges on one history row per update and the right snapshot.
                    var updates = accepted.Select(u => u.Update).ToList();
                    await history.AppendAsync(group.Key.Province, group.Key.PlanId, updates, cancellationToken).ConfigureAwait(false);
                    await snapshots.ApplyAsync(group.Key.Province, group.Key.PlanId, updates, cancellationToken).ConfigureAwait(false);
                    await outcomes.RecordAsync(accepted, TaskUpdateStates.Stored, null, cancellationToken).ConfigureAwait(false);
                }

                foreach (var byReason in refused.GroupBy(r => r.Reason))
                {
                    await outcomes.RecordAsync([.. byReason.Select(r => r.Update)], TaskUpdateStates.Rejected, byReason.Key, cancellationToken).ConfigureAwait(false);
                }

                stored += accepted.Count;
                rejected += refused.Count;
            }

            invocation.Context.Log($"stored {stored} task updates, rejected {rejected}");
        }
        catch (Exception ex) when (outage.Applies(invocation, ex, cancellationToken))
        {
            LogDeferring(logger, batch.Updates.Count, invocation.DequeueCount, OutageRequeue.Delay, ex.Message);
            await outage.PutBackAsync(TaskUpdateOutbox.QueueName, invocation).ConfigureAwait(false);
            invocation.Context.Log($"storage unavailable after {invocation.DequeueCount} attempts; message put back for {OutageRequeue.Delay}");
        }
        catch (Exception ex) when (invocation.DequeueCount >= queueOptions.Value.MaxDequeueCount && !cancellationToken.IsCancellationRequested)
        {
            // This was the last attempt: the host poisons the message next. Tell the status URL why.
            LogGivingUp(logger, batch.Updates.Count, invocation.DequeueCount, ex.Message);
            try
            {
                await outcomes.RecordAsync(batch.Updates, TaskUpdateStates.Rejected,
                    $"Không xử lý được sau {invocation.DequeueCount} lần thử ({ex.GetType().Name}: {ex.Message}); tin nhắn đã chuyển vào hàng đợi lỗi.", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception recordFailure) when (StorageFailures.IsOutage(recordFailure))
            {
                LogCouldNotRecord(logger, recordFailure.Message);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable for a message of {Count} task updates after {Attempts} attempts; put back on the queue for {Delay}: {Reason}")]
    private static partial void LogDeferring(ILogger logger, int count, long attempts, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Giving up on a message of {Count} task updates after {Attempts} attempts: {Reason}")]
    private static partial void LogGivingUp(ILogger logger, int count, long attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the rejected task updates: {Reason}")]
    private static partial void LogCouldNotRecord(ILogger logger, string reason);
}
