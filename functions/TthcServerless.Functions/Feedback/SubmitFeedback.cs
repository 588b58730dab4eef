using System.Text.Json;
using Microsoft.Extensions.Options;
using TthcServerless.Domain;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Feedback;

/// <summary>Feedback as sent: by the public (no staff caller) or entered by staff from another channel.</summary>
internal sealed record SubmitFeedbackCommand(Caller? Staff, FeedbackSubmissionRequest Submission);

/// <summary>Every way submitting feedback can end.</summary>
internal abstract record SubmitFeedbackResult
{
    /// <summary>Durably queued; the tracking code is the sender's.</summary>
    [Responds(StatusCodes.Status202Accepted, Body = typeof(FeedbackAccepted))]
    public sealed record Accepted(FeedbackAccepted Receipt) : SubmitFeedbackResult;

    /// <summary>A field is missing or wrong; nothing was recorded.</summary>
    [Responds(StatusCodes.Status400BadRequest)]
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, string Detail) : SubmitFeedbackResult;

    /// <summary>A read-only (analyst) key.</summary>
    [Responds(StatusCodes.Status403Forbidden)]
    public sealed record Forbidden(string Detail) : SubmitFeedbackResult;

    /// <summary>Too large for a queue message once cleaned and wrapped.</summary>
    [Responds(StatusCodes.Status413PayloadTooLarge)]
    public sealed record TooLarge(long Limit) : SubmitFeedbackResult;

    /// <summary>Storage did not take it: nothing was acknowledged, so sending again is safe.</summary>
    [Responds(StatusCodes.Status503ServiceUnavailable)]
    public sealed record StorageUnavailable(string Detail) : SubmitFeedbackResult;
}

/// <summary>
/// Submits feedback (phản ánh, kiến nghị): cleans and checks it, reserves a tracking code and puts it on the
/// <c>feedback</c> queue; accepted only once the message is durably queued, so what is acknowledged is never lost.
/// </summary>
internal sealed class SubmitFeedback(FeedbackStore store, StorageResources storage, IOptions<TthcOptions> settings, TimeProvider time)
{
    public const string QueueName = "feedback";

    /// <summary>A queue message holds 64 KiB after base64: about 48 KiB of JSON.</summary>
    public const int MaxMessageBytes = 45_000;

    public async Task<SubmitFeedbackResult> HandleAsync(SubmitFeedbackCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (staff, body) = command;
        var errors = new List<FieldError>();
        var submitter = body.Submitter;
        if (submitter is null)
        {
            errors.Add(new FieldError("submitter", "bắt buộc: tên và ít nhất một cách liên hệ (điện thoại, thư điện tử, địa chỉ)."));
        }

        var submission = FeedbackSubmissionRules.Clean(new FeedbackSubmissionInput(
            body.Kind, body.Subject, body.Content, body.AgencyConcerned, body.Channel,
            submitter?.Type, submitter?.Name, submitter?.Phone, submitter?.Email, submitter?.Address, submitter?.Organisation), errors);

        // Anyone may send from the web form; only staff (the office, an agency) enter feedback that came by another
        // channel. An analyst key is read-only: it may not submit as staff, and is not let through as the public either.
        if (staff is { IsAdmin: false, IsAgency: false })
        {
            return new SubmitFeedbackResult.Forbidden("Khóa của người phân tích chỉ được đọc; không thể gửi hoặc nhập phản ánh, kiến nghị.");
        }

        if (staff is null && submission is not null && submission.Channel != FeedbackChannel.Web)
        {
            errors.Add(new FieldError("channel", "chỉ cán bộ (có khóa API) mới nhập phản ánh nhận qua kênh khác 'web'."));
        }

        if (errors.Count > 0)
        {
            return new SubmitFeedbackResult.Invalid(errors, "Phản ánh, kiến nghị chưa hợp lệ; chưa có gì được ghi nhận.");
        }

        var province = staff?.Province ?? settings.Value.Province;
        var submittedAt = time.GetUtcNow();
        try
        {
            var code = await store.ReserveCodeAsync(province, submittedAt, cancellationToken).ConfigureAwait(false);
            var message = new FeedbackMessage(FeedbackMessage.CurrentVersion, province, code.ToString(), submittedAt, staff?.Actor ?? "public", submission!);
            var json = JsonSerializer.SerializeToUtf8Bytes(message, ApiJson.Default);
            if (json.Length > MaxMessageBytes)
            {
                return new SubmitFeedbackResult.TooLarge(MaxMessageBytes);
            }

            await storage.SendAsync(QueueName, new BinaryData(json), cancellationToken).ConfigureAwait(false);
            var trackingUrl = $"/api/feedback/track/{code}";
            return new SubmitFeedbackResult.Accepted(new FeedbackAccepted(code.ToString(), "queued", trackingUrl, submittedAt,
                $"Đã nhận phản ánh, kiến nghị. Mã tra cứu của bạn là {code}; hãy lưu lại để theo dõi kết quả."));
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex))
        {
            return new SubmitFeedbackResult.StorageUnavailable("Phản ánh, kiến nghị chưa được ghi nhận. Vui lòng gửi lại sau ít phút.");
        }
    }
}
