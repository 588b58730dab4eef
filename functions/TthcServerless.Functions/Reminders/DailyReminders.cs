using TthcServerless.Domain;
using TthcServerless.Functions.Hosting;

namespace TthcServerless.Functions.Reminders;

/// <summary>
/// Timer at 08:00 Vietnam time every day (<c>0 0 1 * * *</c> UTC): runs the day's reminders. Whether the day is a working
/// day is the calendar's question, answered in <see cref="ReminderRun"/>, not the cron's (make-up Saturdays work, Tết
/// weekdays do not). A second firing for the same day adds nothing.
/// </summary>
internal sealed class DailyReminders(ReminderRun run, TimeProvider time) : ITimerFunction
{
    public const string Schedule = "0 0 1 * * *";

    public async Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var result = await run.RunAsync(VietnamTime.Today(time), cancellationToken).ConfigureAwait(false);
        invocation.Context.Log($"reminders {result.Date:yyyy-MM-dd}: {result.Status}, {result.Digests} digests, {result.Created} new, {result.Queued} deliveries queued");
    }
}
