using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Feedback;

/// <summary>The answer to a case: its text, the document it was sent as (số, ký hiệu), and the day it was given.</summary>
public sealed record FeedbackAnswer(string Text, string? DocumentReference, DateOnly AnsweredOn);

/// <summary>Who acts on a case: the key's id, and whether it is the province office or which agency.</summary>
public sealed record FeedbackActor(string Id, bool IsAdmin, string? AgencyId);

/// <summary>
/// A request to move a case, with what that move needs: <see cref="AgencyId"/> to assign; <see cref="Topic"/> to
/// classify in scope; <see cref="Reason"/> and <see cref="Reply"/> to classify out of scope; <see cref="Text"/> for the
/// answer (with an optional <see cref="DocumentReference"/>) or for the information requested; a <see cref="Note"/> for
/// the audit trail, required when returning an answer for rework.
/// </summary>
public sealed record FeedbackCommand(
    FeedbackAction Action,
    string? Note = null,
    string? AgencyId = null,
    FeedbackTopic? Topic = null,
    string? Reason = null,
    string? Reply = null,
    string? Text = null,
    string? DocumentReference = null);

/// <summary>One line of a case's audit trail: who moved it, when, from where to where, and why.</summary>
public sealed record FeedbackAuditEntry(
    int Version,
    DateTimeOffset At,
    string Actor,
    string? ActorAgencyId,
    FeedbackAction Action,
    FeedbackStage? From,
    FeedbackStage To,
    string? Note,
    string? AgencyId);

/// <summary>How a requested move ended.</summary>
public enum FeedbackMoveOutcome
{
    /// <summary>Done: <see cref="FeedbackMoveResult.Case"/> and <see cref="FeedbackMoveResult.Audit"/> are the new state.</summary>
    Applied,

    /// <summary>The move is not valid from the case's stage (HTTP 409).</summary>
    InvalidTransition,

    /// <summary>The caller may not make this move on this case (HTTP 403).</summary>
    Forbidden,

    /// <summary>The command lacks what the move needs (HTTP 400, <see cref="FeedbackMoveResult.Errors"/>).</summary>
    Invalid,
}

/// <summary>The result of <see cref="FeedbackCase.Apply"/>.</summary>
public sealed record FeedbackMoveResult(
    FeedbackMoveOutcome Outcome,
    FeedbackCase? Case,
    FeedbackAuditEntry? Audit,
    string? Message,
    IReadOnlyList<FieldError> Errors);

/// <summary>
/// A feedback case without its sender's personal data (that is <see cref="FeedbackContact"/>, stored apart). Immutable:
/// <see cref="Apply"/> returns the next state and the audit line for it, or says why the move is refused.
/// </summary>
public sealed record FeedbackCase
{
    public const int MaxNoteLength = 1000;
    public const int MaxReasonLength = 1000;
    public const int MaxReplyLength = 4000;
    public const int MaxAnswerLength = 4000;
    public const int MaxDocumentReferenceLength = 200;

    public required TrackingCode Code { get; init; }

    public required FeedbackKind Kind { get; init; }

    /// <summary>The regulation or administrative procedure the feedback is about.</summary>
    public required string Subject { get; init; }

    public required string Content { get; init; }

    /// <summary>The agency concerned, as the sender named it (free text).</summary>
    public string? AgencyConcerned { get; init; }

    public required FeedbackChannel Channel { get; init; }

    public required SubmitterType SubmitterType { get; init; }

    /// <summary>When the feedback reached the system (the public form's 202).</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The Vietnam day it reached the system: "the date the citizen sent it" of the national limits.</summary>
    public DateOnly SubmittedOn => VietnamTime.DateOf(SubmittedAt);

    /// <summary>
    /// The day the limits count from: <see cref="SubmittedOn"/>, or the day requested information arrived (the national
    /// system treats a supplemented PAKN as received again — "Phản ánh đã bổ sung" is in "chờ tiếp nhận", docs/regulations.md §2.5).
    /// </summary>
    public required DateOnly ClockStartedOn { get; init; }

    public FeedbackStage Stage { get; init; } = FeedbackStage.Submitted;

    /// <summary>While <see cref="FeedbackStage.AwaitingInformation"/>: the stage to go back to.</summary>
    public FeedbackStage? ResumeStage { get; init; }

    public DateTimeOffset? ReceivedAt { get; init; }

    public FeedbackTopic? Topic { get; init; }

    /// <summary>The agency the case is assigned to (an id of the registry).</summary>
    public string? AssignedAgencyId { get; init; }

    /// <summary>Why the case is out of scope (staff-facing).</summary>
    public string? RefusalReason { get; init; }

    /// <summary>The reply to the sender when the case is out of scope (public).</summary>
    public string? Reply { get; init; }

    /// <summary>What the sender was asked to add (public: the sender must know).</summary>
    public string? InformationRequest { get; init; }

    public DateOnly? InformationRequestedOn { get; init; }

    public FeedbackAnswer? Answer { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>1 when created; +1 per move. The audit line of a move carries the version it produced.</summary>
    public int Version { get; init; } = 1;

    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>A new case from a cleaned submission, and its first audit line.</summary>
    public static (FeedbackCase Case, FeedbackAuditEntry Audit) Create(TrackingCode code, FeedbackSubmission submission, DateTimeOffset submittedAt, string actor)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(submission);
        var created = new FeedbackCase
        {
            Code = code,
            Kind = submission.Kind,
            Subject = submission.Subject,
            Content = submission.Content,
            AgencyConcerned = submission.AgencyConcerned,
            Channel = submission.Channel,
            SubmitterType = submission.SubmitterType,
            SubmittedAt = submittedAt,
            ClockStartedOn = VietnamTime.DateOf(submittedAt),
            ChangedAt = submittedAt,
        };
        return (created, new FeedbackAuditEntry(1, submittedAt, actor, null, FeedbackAction.Submit, null, FeedbackStage.Submitted, null, null));
    }

    /// <summary>
    /// Applies a move for <paramref name="actor"/> at <paramref name="at"/>, given the case's current
    /// <paramref name="deadlines"/>. Checks, in order: that an agency may take this kind of action and the case is
    /// assigned to it (else Forbidden); that the move is valid from the current stage, and more information is asked
    /// for by its limit (else InvalidTransition); that the command carries what the move needs (else Invalid). Agency
    /// ids are checked against the registry by the caller.
    /// </summary>
    public FeedbackMoveResult Apply(FeedbackCommand command, FeedbackActor actor, DateTimeOffset at, FeedbackDeadlines deadlines)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(deadlines);
        if (!actor.IsAdmin)
        {
            if (!FeedbackWorkflow.AgencyActions.Contains(command.Action))
            {
                return Refused(FeedbackMoveOutcome.Forbidden, "Chỉ Văn phòng UBND tỉnh (quản trị) được thực hiện thao tác này.");
            }

            if (actor.AgencyId is null || !string.Equals(actor.AgencyId, AssignedAgencyId, StringComparison.Ordinal))
            {
                return Refused(FeedbackMoveOutcome.Forbidden, "Phản ánh, kiến nghị này không được giao cho cơ quan của khóa này.");
            }
        }

        var transition = FeedbackWorkflow.Find(command.Action, Stage);
        if (transition is not null && !actor.IsAdmin && !transition.Actors.HasFlag(FeedbackActors.AssignedAgency))
        {
            return Refused(FeedbackMoveOutcome.Forbidden, "Ở bước này, chỉ Văn phòng UBND tỉnh (quản trị) được thực hiện thao tác này.");
        }

        if (transition is null)
        {
            return Refused(FeedbackMoveOutcome.InvalidTransition,
                $"Không thể '{WireName.Of(command.Action)}' khi phản ánh, kiến nghị đang ở bước '{FeedbackWorkflow.Label(Stage)}'."
                + (FeedbackWorkflow.IsClosed(Stage) ? " Hồ sơ đã kết thúc." : $" Các thao tác hợp lệ: {string.Join(", ", FeedbackWorkflow.ActionsFrom(Stage).Select(WireName.Of))}."));
        }

        var today = VietnamTime.DateOf(at);

        // The limit to ask for more information (national system: 5 working days) is what lets the clock restart when
        // it arrives; a request after it would buy a late case a new deadline. Unknown (calendar gap): not refused.
        if (command.Action == FeedbackAction.RequestInformation && deadlines.RequestInformationBy is { } requestBy && today > requestBy)
        {
            return Refused(FeedbackMoveOutcome.InvalidTransition,
                $"Đã quá hạn yêu cầu bổ sung thông tin (hạn {requestBy:dd'/'MM'/'yyyy}); cần xử lý, trả lời với thông tin hiện có.");
        }

        var errors = new List<FieldError>();
        var note = FeedbackSubmissionRules.CleanStaffText(command.Note, "note", MaxNoteLength, required: command.Action == FeedbackAction.ReturnForRework, errors);
        var to = transition.To ?? ResumeStage ?? FeedbackStage.Received;
        var next = this with { Stage = to, Version = Version + 1, ChangedAt = at };
        switch (command.Action)
        {
            case FeedbackAction.Receive:
                next = next with { ReceivedAt = at };
                break;
            case FeedbackAction.ClassifyInScope:
                if (command.Topic is null)
                {
                    errors.Add(new FieldError("topic", "bắt buộc khi phân loại thuộc phạm vi: 'regulation' hoặc 'official-conduct'."));
                }

                next = next with { Topic = command.Topic };
                break;
            case FeedbackAction.ClassifyOutOfScope:
                next = next with
                {
                    RefusalReason = FeedbackSubmissionRules.CleanStaffText(command.Reason, "reason", MaxReasonLength, required: true, errors),
                    Reply = FeedbackSubmissionRules.CleanStaffText(command.Reply, "reply", MaxReplyLength, required: true, errors),
                };
                break;
            case FeedbackAction.Assign:
                if (command.AgencyId is null)
                {
                    errors.Add(new FieldError("agencyId", "bắt buộc: mã cơ quan có thẩm quyền trong danh mục."));
                }
                else if (string.Equals(command.AgencyId, AssignedAgencyId, StringComparison.Ordinal))
                {
                    return Refused(FeedbackMoveOutcome.InvalidTransition, $"Phản ánh, kiến nghị đã được giao cho '{command.AgencyId}'.");
                }

                // A forwarded case starts afresh at the new agency: an answer the office returned is not theirs.
                next = next with { AssignedAgencyId = command.AgencyId, Answer = null };
                break;
            case FeedbackAction.RequestInformation:
                next = next with
                {
                    ResumeStage = Stage,
                    InformationRequest = FeedbackSubmissionRules.CleanStaffText(command.Text, "text", MaxReplyLength, required: true, errors),
                    InformationRequestedOn = today,
                };
                break;
            case FeedbackAction.SupplyInformation:
                next = next with { ResumeStage = null, ClockStartedOn = today };
                break;
            case FeedbackAction.Answer:
                var text = FeedbackSubmissionRules.CleanStaffText(command.Text, "text", MaxAnswerLength, required: true, errors);
                var reference = FeedbackSubmissionRules.CleanStaffText(command.DocumentReference, "documentReference", MaxDocumentReferenceLength, required: false, errors);
                if (reference is not null && reference.Contains('\n', StringComparison.Ordinal))
                {
                    errors.Add(new FieldError("documentReference", "phải trên một dòng."));
                }

                next = next with { Answer = text is null ? null : new FeedbackAnswer(text, reference, today) };
                break;
            case FeedbackAction.Publish:
                next = next with { PublishedAt = at };
                break;
        }

        if (errors.Count > 0)
        {
            return new FeedbackMoveResult(FeedbackMoveOutcome.Invalid, null, null, "Thiếu hoặc sai thông tin cho thao tác này; không có gì thay đổi.", errors);
        }

        var audit = new FeedbackAuditEntry(next.Version, at, actor.Id, actor.AgencyId, command.Action, Stage, to, note,
            command.Action == FeedbackAction.Assign ? command.AgencyId : null);
        return new FeedbackMoveResult(FeedbackMoveOutcome.Applied, next, audit, null, []);
    }

    private static FeedbackMoveResult Refused(FeedbackMoveOutcome outcome, string message) => new(outcome, null, null, message, []);
}
