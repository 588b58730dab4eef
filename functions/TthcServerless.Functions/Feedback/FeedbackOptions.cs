using Microsoft.Extensions.Options;
using TthcServerless.Domain.Feedback;

namespace TthcServerless.Functions.Feedback;

/// <summary>
/// Feedback settings (section <c>Tthc:Feedback</c>, or <c>Tthc__Feedback__…</c> app settings): the handling limits in
/// working days and the public endpoints' rate limits. See docs/feedback.md.
/// </summary>
public sealed class FeedbackOptions
{
    public const string Section = "Tthc:Feedback";

    /// <summary>
    /// Working-day limits; default the national system's (refuse 2, more information 5, answer 15, publish 2). A province
    /// sets its own, e.g. <c>Tthc__Feedback__Limits__AnswerDays=10</c>.
    /// </summary>
    public FeedbackLimits Limits { get; set; } = new();

    public FeedbackRateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Per-client limits on the public endpoints (staff keys are not limited).</summary>
public sealed class FeedbackRateLimitOptions
{
    /// <summary>
    /// Submissions a client may send per <see cref="SubmitWindow"/>: at once, then one more every window ÷ limit
    /// (a token bucket; default 5 per 10 minutes = a burst of 5, then one every 2 minutes).
    /// </summary>
    public int SubmitPermitLimit { get; set; } = 5;

    public TimeSpan SubmitWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tracking look-ups a client may make per <see cref="TrackWindow"/>, the same way (slows down guessing codes).</summary>
    public int TrackPermitLimit { get; set; } = 60;

    public TimeSpan TrackWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where the client's address comes from: <c>auto</c> (the default: <c>forwarded</c> under the Functions host, whose
    /// proxy is the only peer the app sees, <c>connection</c> standalone), <c>connection</c> or <c>forwarded</c>
    /// (X-Forwarded-For).
    /// </summary>
    public string ClientAddress { get; set; } = "auto";

    /// <summary>
    /// With <c>forwarded</c>: which X-Forwarded-For entry is the client, counted from the right (1 = the last one, added by
    /// the proxy nearest to the app). Entries further left were written by the client itself and can be forged.
    /// </summary>
    public int ForwardedHops { get; set; } = 1;
}

/// <summary>Start-up validation: a bad limit or rate setting stops the app with every problem listed.</summary>
internal sealed class FeedbackOptionsValidation : IValidateOptions<FeedbackOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Limits.FindProblems().Select(p => $"{FeedbackOptions.Section}:Limits: {p}").ToList();
        var rate = options.RateLimit;
        if (rate.SubmitPermitLimit < 1 || rate.TrackPermitLimit < 1)
        {
            problems.Add($"{FeedbackOptions.Section}:RateLimit: permit limits must be at least 1.");
        }

        if (rate.SubmitWindow <= TimeSpan.Zero || rate.TrackWindow <= TimeSpan.Zero)
        {
            problems.Add($"{FeedbackOptions.Section}:RateLimit: windows must be positive.");
        }

        if (rate.ClientAddress is not ("auto" or "connection" or "forwarded"))
        {
            problems.Add($"{FeedbackOptions.Section}:RateLimit:ClientAddress must be 'auto', 'connection' or 'forwarded', was '{rate.ClientAddress}'.");
        }

        if (rate.ForwardedHops is < 1 or > 10)
        {
            problems.Add($"{FeedbackOptions.Section}:RateLimit:ForwardedHops must be 1–10.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
