using System.Text.Json;
using Microsoft.Extensions.Options;
using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Updates;
using TthcServerless.Functions.WorkingDays;

namespace TthcServerless.Functions.Reminders;

/// <summary>How a run for a day ended.</summary>
internal enum ReminderRunStatus
{
    /// <summary>This run computed the day and wrote its digests.</summary>
    Done,

    /// <summary>The day was done before: nothing was added (channels left queued by a crash were queued again).</summary>
    AlreadyDone,

    /// <summary>Another run holds a fresh claim on the day.</summary>
    InProgress,

    /// <summary>Not a working day: nothing is sent.</summary>
    NotAWorkingDay,
}

internal sealed record ReminderRunResult(DateOnly Date, ReminderRunStatus Status, int Digests, int Created, int Queued, DateOnly? Since);

/// <summary>The run's day is in a year the province's calendar does not hold.</summary>
internal sealed class ReminderDayNotCoveredException(int year) : Exception($"The working-day calendar does not cover {year}.")
{
    public int Year { get; } = year;
}

/// <summary>A delivery message on the <c>reminders</c> queue: one digest, one channel.</summary>
internal sealed record ReminderDeliveryMessage(int V, string DigestId, string Channel, int Attempt)
{
    public const int CurrentVersion = 1;
}

/// <summary>
/// One day's reminder run (the use case behind the <c>DailyReminders</c> timer and <c>POST /api/reminders/runs</c>): claim
/// the day in the ledger (once; a claim older than <see cref="ReminderOptions.StaleClaimAfter"/> is taken over), read the
/// plans, progress, open PAKN cases, registry and webhooks, let <see cref="ReminderPlanner"/> decide, write each new
/// digest to the outbox first, then queue one <c>DeliverReminder</c> message per channel, and mark the day done. A crash
/// anywhere leaves a state the next run completes: digests already in the outbox are kept as written, and their channels
/// still queued are queued again.
/// </summary>
internal sealed partial class ReminderRun(
    ReminderStore store,
    PlanStore plans,
    AssignmentSnapshots progress,
    FeedbackStore feedback,
    CalendarStore calendars,
    AgencyRegistryStore registry,
    IEnumerable<IReminderSubscriptions> subscriptions,
    ReportingCalendar reporting,
    StorageResources storage,
    IOptions<ReminderOptions> options,
    IOptions<FeedbackOptions> feedbackOptions,
    IOptions<EmailOptions> emailOptions,
    IOptions<TthcOptions> tthc,
    TimeProvider time,
    ILogger<ReminderRun> logger)
{
    public const string QueueName = "reminders";

    private const int FeedbackPageSize = 1000;

    public async Task<ReminderRunResult> RunAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var province = tthc.Value.Province;
        var calendar = (await calendars.GetAsync(province, cancellationToken).ConfigureAwait(false)).Calendar;
        if (!calendar.Covers(date))
        {
            throw new ReminderDayNotCoveredException(date.Year);
        }

        if (!calendar.IsWorkingDay(date))
        {
            return new ReminderRunResult(date, ReminderRunStatus.NotAWorkingDay, 0, 0, 0, null);
        }

        var claim = await store.TryClaimAsync(province, date, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            var existing = await store.GetRunAsync(province, date, cancellationToken).ConfigureAwait(false);
            if (existing is { State: "done" })
            {
                var requeued = await RequeueAsync(province, date, options.Value.RequeueAfter, cancellationToken).ConfigureAwait(false);
                return new ReminderRunResult(date, ReminderRunStatus.AlreadyDone, existing.Digests, 0, requeued, existing.Since);
            }

            if (existing is null || existing.ClaimedAt > time.GetUtcNow() - options.Value.StaleClaimAfter
                || (claim = await store.TryTakeOverAsync(province, existing, cancellationToken).ConfigureAwait(false)) is null)
            {
                return new ReminderRunResult(date, ReminderRunStatus.InProgress, 0, 0, 0, null);
            }

            LogTakeOver(logger, date, existing.ClaimedAt);
        }

        // Everything is read side by side: the run costs about its slowest read, not their sum.
        var writtenRead = store.GetDigestsAsync(province, date, cancellationToken);
        var subscribedRead = Task.WhenAll(subscriptions.Select(s => s.ChannelsByRecipientAsync(province, cancellationToken)));
        var (input, agencies) = await ReadInputAsync(province, date, calendar, cancellationToken).ConfigureAwait(false);
        var plan = ReminderPlanner.Plan(input);
        var written = await writtenRead.ConfigureAwait(false);
        var subscribed = (await subscribedRead.ConfigureAwait(false))
            .SelectMany(lookup => lookup).SelectMany(group => group.Select(channel => (Recipient: group.Key, Channel: channel)))
            .ToLookup(s => s.Recipient, s => s.Channel, StringComparer.Ordinal);
        var rules = options.Value.Rules;
        var fresh = plan.Digests.Where(d => !written.ContainsKey(d.RecipientId))
            .Select(d => (Digest: d, Message: d.Render(rules.MaxLinesPerMessage, options.Value.PublicBaseUrl), Channels: ChannelsOf(d.RecipientId, subscribed, id => agencies.FindAgency(id)?.Mailbox)))
            .ToList();
        await store.AddDigestsAsync(province, [.. fresh.Select(f => (f.Digest, f.Message, f.Channels))], cancellationToken).ConfigureAwait(false);

        // Queue every channel not yet delivered: the new digests', and those a crashed run wrote but did not queue.
        var deliveries = fresh.SelectMany(f => f.Channels.Select(c => (f.Digest.Id, Channel: c)))
            .Concat(written.Values.SelectMany(d => d.Channels.Where(c => c.State == ChannelStates.Queued).Select(c => (Id: d.DigestId, c.Channel))))
            .ToList();
        await QueueAsync(deliveries, cancellationToken).ConfigureAwait(false);
        await store.FinishAsync(province, claim, plan.Since, plan.Digests.Count, fresh.Count, cancellationToken).ConfigureAwait(false);
        LogRun(logger, date, plan.Digests.Count, fresh.Count, deliveries.Count);
        return new ReminderRunResult(date, ReminderRunStatus.Done, plan.Digests.Count, fresh.Count, deliveries.Count, plan.Since);
    }

    /// <summary>Everything the planner reads, in few requests and side by side: per plan its tasks, assignments and progress; open cases by pages; the registry; the ledger.</summary>
    internal async Task<(ReminderInput Input, Domain.Agencies.AgencyRegistry Registry)> ReadInputAsync(string province, DateOnly date, WorkingDayCalendar calendar, CancellationToken cancellationToken)
    {
        var casesRead = ReadOpenCasesAsync(province, cancellationToken);
        var registryRead = registry.GetAsync(province, cancellationToken);
        var lastRead = store.LastDoneBeforeAsync(province, date, cancellationToken);
        var headers = (await plans.ListAsync(province, cancellationToken).ConfigureAwait(false))
            .Where(h => h.Identity.Year >= date.Year - 1 && h.Identity.Year <= date.Year)
            .ToList();
        var planInputs = await Task.WhenAll(headers.Select(async header =>
        {
            var tasks = plans.GetTasksAsync(header, cancellationToken);
            var assignments = plans.GetAssignmentsAsync(header, null, null, null, null, cancellationToken);
            var snapshots = progress.ListPlanAsync(province, header.Identity.PlanId, cancellationToken);
            await Task.WhenAll(tasks, assignments, snapshots).ConfigureAwait(false);
            return new ReminderPlan(header.Identity.PlanId, header.Identity.Year,
                (await tasks.ConfigureAwait(false)).ToDictionary(t => t.TaskId, t => t.Content, StringComparer.Ordinal),
                await assignments.ConfigureAwait(false), await snapshots.ConfigureAwait(false));
        })).ConfigureAwait(false);

        var cases = await casesRead.ConfigureAwait(false);
        var (agencies, _) = await registryRead.ConfigureAwait(false);
        var last = await lastRead.ConfigureAwait(false);
        return (new ReminderInput(province, date, last, planInputs, cases, feedbackOptions.Value.Limits, calendar, reporting, options.Value.Rules,
            id => agencies.FindAgency(id)?.Name), agencies);
    }

    private async Task<List<FeedbackCase>> ReadOpenCasesAsync(string province, CancellationToken cancellationToken)
    {
        var cases = new List<FeedbackCase>();
        string? token = null;
        do
        {
            var (page, next) = await feedback.ListAsync(province, new FeedbackListFilter(null, null, null, null, OpenOnly: true), FeedbackPageSize, token, cancellationToken)
                .ConfigureAwait(false);
            cases.AddRange(page.Select(c => c.Case));
            token = next;
        }
        while (token is not null);

        return cases;
    }

    /// <summary>The inbox always; the recipient's subscriptions (each active webhook); email when configured and the recipient has a mailbox.</summary>
    private List<string> ChannelsOf(string recipient, ILookup<string, string> subscribed, Func<string, string?> mailboxOf) =>
    [
        InboxChannel.Name,
        .. subscribed[recipient],
        .. EmailChannel.Applies(emailOptions.Value, recipient, mailboxOf) ? [EmailChannel.Name] : Array.Empty<string>(),
    ];

    /// <summary>For a day already done: channels still queued after <paramref name="olderThan"/> (their message was lost) are queued again.</summary>
    private async Task<int> RequeueAsync(string province, DateOnly date, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - olderThan;
        var digests = await store.GetDigestsAsync(province, date, cancellationToken).ConfigureAwait(false);
        var stale = digests.Values.Where(d => d.CreatedAt < cutoff)
            .SelectMany(d => d.Channels.Where(c => c.State == ChannelStates.Queued).Select(c => (d.DigestId, c.Channel)))
            .ToList();
        await QueueAsync(stale, cancellationToken).ConfigureAwait(false);
        return stale.Count;
    }

    private Task QueueAsync(IReadOnlyList<(string DigestId, string Channel)> deliveries, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (delivery, ct) =>
            await storage.SendAsync(QueueName, BinaryData.FromString(JsonSerializer.Serialize(
                new ReminderDeliveryMessage(ReminderDeliveryMessage.CurrentVersion, delivery.DigestId, delivery.Channel, 1), ApiJson.Default)), ct).ConfigureAwait(false));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminders {Date}: taking over a stale claim from {ClaimedAt:O}")]
    private static partial void LogTakeOver(ILogger logger, DateOnly date, DateTimeOffset claimedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders {Date}: {Digests} digests ({Created} new), {Deliveries} deliveries queued")]
    private static partial void LogRun(ILogger logger, DateOnly date, int digests, int created, int deliveries);
}
