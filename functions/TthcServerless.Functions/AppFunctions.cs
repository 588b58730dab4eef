using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Reminders;
using TthcServerless.Functions.Updates;

namespace TthcServerless.Functions;

/// <summary>
/// Every function this app declares: the one source of truth read by the generated function.json files, the local
/// trigger runner and the invocation endpoint. A function is added here by the feature that gives it a job.
/// </summary>
public static class AppFunctions
{
    /// <summary>The catch-all HTTP function; the host proxies <c>/api/{*route}</c> to ASP.NET Core routing.</summary>
    public static HttpApiFunctionDefinition HttpApi { get; } = new("HttpApi", "{*route}");

    /// <summary>Stores progress reports queued by <c>POST /api/plans/{planId}/tasks/{taskId}/updates</c>.</summary>
    public static QueueFunctionDefinition IngestTaskUpdate { get; } =
        QueueFunctionDefinition.For<Updates.IngestTaskUpdate>("IngestTaskUpdate", TaskUpdateOutbox.QueueName);

    /// <summary>Stores citizens' feedback queued by <c>POST /api/feedback</c>.</summary>
    public static QueueFunctionDefinition IngestFeedback { get; } =
        QueueFunctionDefinition.For<Feedback.IngestFeedback>("IngestFeedback", SubmitFeedback.QueueName);

    /// <summary>Writes each plan's reports for periods that have closed (daily, 02:00 ICT; docs/reports.md).</summary>
    public static TimerFunctionDefinition PeriodicReports { get; } =
        TimerFunctionDefinition.For<Reports.PeriodicReports>("PeriodicReports", Reports.PeriodicReports.Schedule);

    /// <summary>Runs the day's reminders at 08:00 Vietnam time; the calendar, not the cron, decides whether it is a working day.</summary>
    public static TimerFunctionDefinition DailyReminders { get; } =
        TimerFunctionDefinition.For<Reminders.DailyReminders>("DailyReminders", Reminders.DailyReminders.Schedule);

    /// <summary>Delivers one reminder digest on one channel, queued by the reminder run.</summary>
    public static QueueFunctionDefinition DeliverReminder { get; } =
        QueueFunctionDefinition.For<Reminders.DeliverReminder>("DeliverReminder", ReminderRun.QueueName);

    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        HttpApi,
        IngestTaskUpdate,
        IngestFeedback,
        PeriodicReports,
        DailyReminders,
        DeliverReminder,
    ];
}
