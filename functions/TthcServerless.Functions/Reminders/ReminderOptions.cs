using System.Globalization;
using Microsoft.Extensions.Options;
using TthcServerless.Domain.Reminders;

namespace TthcServerless.Functions.Reminders;

/// <summary>
/// Reminder settings (section <c>Tthc:Reminders</c>, or <c>Tthc__Reminders__…</c> app settings); see docs/reminders.md.
/// </summary>
public sealed class ReminderOptions
{
    public const string Section = "Tthc:Reminders";

    /// <summary>The rules table; a province overrides a cadence, e.g. <c>Tthc__Reminders__Rules__Assignment__FirstDayAfter=2</c>.</summary>
    public ReminderRules Rules { get; set; } = new();

    /// <summary>A run's claim older than this is taken to be from a crashed run and may be taken over.</summary>
    public TimeSpan StaleClaimAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A run for a day already done re-queues channels still queued after this long (a crash between outbox and queue).</summary>
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Delivery attempts per channel before it is given up (and its message poisoned); default the host's maxDequeueCount.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>The first retry waits this long, then twice as long each time (a receiver's Retry-After wins), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A retried email or webhook delivery that would land outside <see cref="Domain.Reminders.OfficeHours"/> waits for the next opening.</summary>
    public bool HoldRetriesToOfficeHours { get; set; } = true;

    /// <summary>The public base address of the API, for absolute links in messages (e.g. <c>https://tthc.tiengiang.gov.vn</c>); relative links without it.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// Binds the section onto <paramref name="options"/>. Configuration binding appends a list to its default
    /// (<c>DaysBefore:0=7</c> would give 5, 2, 7), so a configured <c>DaysBefore</c> replaces the default list instead.
    /// </summary>
    public static void Bind(IConfiguration configuration, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(Section);
        section.Bind(options);
        var rules = section.GetSection(nameof(Rules));
        foreach (var kind in Enum.GetValues<ReminderItemKind>())
        {
            var list = rules.GetSection($"{kind}:{nameof(ReminderCadence.DaysBefore)}");
            if (!list.Exists())
            {
                continue;
            }

            // An unreadable value becomes 0, which the validation names.
            int[] days = [.. list.GetChildren().Select(c => int.TryParse(c.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0)];
            var r = options.Rules;
            options.Rules = kind switch
            {
                ReminderItemKind.Assignment => r with { Assignment = r.Assignment with { DaysBefore = days } },
                ReminderItemKind.RecurringReport => r with { RecurringReport = r.RecurringReport with { DaysBefore = days } },
                ReminderItemKind.FeedbackClassify => r with { FeedbackClassify = r.FeedbackClassify with { DaysBefore = days } },
                ReminderItemKind.FeedbackAnswer => r with { FeedbackAnswer = r.FeedbackAnswer with { DaysBefore = days } },
                _ => r with { FeedbackPublish = r.FeedbackPublish with { DaysBefore = days } },
            };
        }
    }
}

internal sealed class ReminderOptionsValidation : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Rules.FindProblems().Select(p => $"{ReminderOptions.Section}:Rules:{p}").ToList();
        if (options.StaleClaimAfter < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{ReminderOptions.Section}:StaleClaimAfter must be at least a second.");
        }

        if (options.MaxAttempts is < 1 or > 50)
        {
            problems.Add($"{ReminderOptions.Section}:MaxAttempts must be 1–50.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay || options.MaxRetryDelay > TimeSpan.FromDays(6))
        {
            problems.Add($"{ReminderOptions.Section}: RetryBaseDelay must be ≥ 0 and ≤ MaxRetryDelay ≤ 6 days (a queue message lives 7).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
