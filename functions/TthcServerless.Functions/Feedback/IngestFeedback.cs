using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Http;
using TthcServerless.Domain;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Feedback;

/// <summary>
/// Queue function on <c>feedback</c>: stores one accepted submission as a case in stage "submitted", with its contact
/// apart and the first line of its audit trail. Idempotent: a redelivered message finds its case and changes nothing. The
/// submission is checked again (the queue is a trust boundary too); a message that fails the rules, or cannot be read,
/// fails every attempt and ends in <c>feedback-poison</c> with its body — but one that met a storage outage on every
/// attempt is put back for later (<see cref="OutageRequeue"/>): the sender was told it was received. Logs name the tracking
/// code only — never a field of the submission.
/// </summary>
internal sealed partial class IngestFeedback(FeedbackStore store, OutageRequeue outage, ILogger<IngestFeedback> logger) : IQueueFunction
{
    public async Task RunAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var message = invocation.ReadJson<FeedbackMessage>(ApiJson.Default);
        if (message.V != FeedbackMessage.CurrentVersion)
        {
            throw new NotSupportedException($"feedback message version {message.V} is not known to this version of the app.");
        }

        var code = TrackingCode.TryParse(message.TrackingCode)
            ?? throw new InvalidDataException("The feedback message has no valid tracking code.");
        if (message.Submission?.Contact is null || string.IsNullOrEmpty(message.Province) || string.IsNullOrEmpty(message.SubmittedBy))
        {
            throw new InvalidDataException($"The feedback message {code} lacks its province, sender or submission.");
        }

        var submission = Recheck(message.Submission, code);
        var (created, audit) = FeedbackCase.Create(code, submission, message.SubmittedAt, message.SubmittedBy);
        var shown = code.ToString();
        bool stored;
        try
        {
            stored = await store.CreateAsync(message.Province, created, audit, submission.Contact, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (outage.Applies(invocation, ex, cancellationToken))
        {
            LogDeferring(logger, shown, invocation.DequeueCount, OutageRequeue.Delay);
            await outage.PutBackAsync(SubmitFeedback.QueueName, invocation).ConfigureAwait(false);
            invocation.Context.Log($"feedback {shown}: storage unavailable; message put back for {OutageRequeue.Delay}");
            return;
        }

        invocation.Context.Log(stored ? $"feedback {shown} stored" : $"feedback {shown} was already stored (redelivery); nothing changed");
        LogIngested(logger, shown, stored);
    }

    /// <summary>The submission through the same rules as at the edge; only the rule names reach the exception, never values.</summary>
    private static FeedbackSubmission Recheck(FeedbackSubmission submission, TrackingCode code)
    {
        var errors = new List<FieldError>();
        var contact = submission.Contact;
        var clean = FeedbackSubmissionRules.Clean(new FeedbackSubmissionInput(
            WireName.Of(submission.Kind), submission.Subject, submission.Content, submission.AgencyConcerned,
            WireName.Of(submission.Channel), WireName.Of(submission.SubmitterType),
            contact.Name, contact.Phone, contact.Email, contact.Address, contact.Organisation), errors);
        return clean ?? throw new InvalidDataException($"The feedback message {code} breaks the submission rules ({string.Join(", ", errors.Select(e => e.Field).Distinct())}).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable for feedback {TrackingCode} after {Attempts} attempts; put back on the queue for {Delay}")]
    private static partial void LogDeferring(ILogger logger, string trackingCode, long attempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback {TrackingCode} ingested (new case: {Created})")]
    private static partial void LogIngested(ILogger logger, string trackingCode, bool created);
}
