using TthcServerless.Domain.Feedback;
using TthcServerless.Domain;

namespace TthcServerless.Functions.Feedback;

/// <summary>The body of <c>POST /api/feedback</c>.</summary>
public sealed record FeedbackSubmissionRequest
{
    /// <summary><c>phan-anh</c> (phản ánh) or <c>kien-nghi</c> (kiến nghị).</summary>
    public string? Kind { get; init; }

    /// <summary>The regulation or administrative procedure it is about, e.g. "Thủ tục đăng ký khai sinh".</summary>
    public string? Subject { get; init; }

    /// <summary>What happened or what is proposed (up to 4000 characters).</summary>
    public string? Content { get; init; }

    /// <summary>The agency concerned, if the sender knows it.</summary>
    public string? AgencyConcerned { get; init; }

    /// <summary>
    /// <c>web</c> (default and the only value without a key), or, entered by staff: <c>national-portal</c>, <c>email</c>,
    /// <c>phone</c>, <c>letter</c>, <c>in-person</c>.
    /// </summary>
    public string? Channel { get; init; }

    public FeedbackSubmitterRequest? Submitter { get; init; }

    public override string ToString() => "FeedbackSubmissionRequest { personal data hidden }";
}

/// <summary>The sender: a name, and at least one of phone, email, address; the organisation's name when one sends it.</summary>
public sealed record FeedbackSubmitterRequest
{
    /// <summary><c>individual</c> (default) or <c>organisation</c>.</summary>
    public string? Type { get; init; }

    public string? Name { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? Address { get; init; }

    public string? Organisation { get; init; }

    public override string ToString() => "FeedbackSubmitterRequest { personal data hidden }";
}

/// <summary>The 202 answer: the feedback is durably queued; keep the tracking code.</summary>
public sealed record FeedbackAccepted(string TrackingCode, string Status, string TrackingUrl, DateTimeOffset SubmittedAt, string Message);

/// <summary>
/// What anyone with the code sees (<c>GET /api/feedback/track/{code}</c>): where the case is and until when, the
/// published answer or the reply — never the sender's personal data, the content or staff notes.
/// </summary>
public sealed record FeedbackTrackingResponse(
    string TrackingCode,
    FeedbackKind Kind,
    FeedbackStage Stage,
    string StageLabel,
    DateOnly SubmittedOn,
    DateTimeOffset LastChangedAt,
    string? AssignedAgencyName,
    DateOnly? Deadline,
    FeedbackDeadlineKind? DeadlineKind,
    bool Overdue,
    string? InformationRequest,
    FeedbackPublicAnswer? Answer,
    string? Reply,
    IReadOnlyList<FeedbackTrackingStep> Steps);

/// <summary>The published answer.</summary>
public sealed record FeedbackPublicAnswer(string Text, string? DocumentReference, DateOnly AnsweredOn, DateOnly PublishedOn);

/// <summary>One step of the public timeline: the stage reached and the day.</summary>
public sealed record FeedbackTrackingStep(FeedbackStage Stage, string Label, DateOnly On);

/// <summary>A case as staff see it. <see cref="Submitter"/> is filled only for the admin and the assigned agency.</summary>
public sealed record FeedbackCaseResponse(
    string TrackingCode,
    FeedbackKind Kind,
    FeedbackTopic? Topic,
    string Subject,
    string Content,
    string? AgencyConcerned,
    FeedbackChannel Channel,
    SubmitterType SubmitterType,
    FeedbackStage Stage,
    string StageLabel,
    FeedbackStage? ResumeStage,
    IReadOnlyList<string> NextActions,
    DateTimeOffset SubmittedAt,
    DateOnly SubmittedOn,
    DateOnly ClockStartedOn,
    DateTimeOffset? ReceivedAt,
    string? AssignedAgencyId,
    string? AssignedAgencyName,
    string? RefusalReason,
    string? Reply,
    string? InformationRequest,
    DateOnly? InformationRequestedOn,
    FeedbackAnswer? Answer,
    DateTimeOffset? PublishedAt,
    FeedbackDeadlinesResponse Deadlines,
    int Version,
    DateTimeOffset ChangedAt,
    FeedbackContact? Submitter,
    IReadOnlyList<FeedbackAuditEntry>? History);

/// <summary>The deadlines of a case today, with the current one and whether it has passed.</summary>
public sealed record FeedbackDeadlinesResponse(
    DateOnly? ClassifyBy,
    DateOnly? RequestInformationBy,
    DateOnly? AnswerBy,
    DateOnly? PublishBy,
    FeedbackDeadlineKind? CurrentKind,
    DateOnly? Current,
    bool Overdue,
    string? Problem);

/// <summary>One page of <c>GET /api/feedback</c>; follow <see cref="ContinuationToken"/> until it is null.</summary>
public sealed record FeedbackCasePage(IReadOnlyList<FeedbackCaseResponse> Items, string? ContinuationToken);

/// <summary>The queue message: one accepted submission, its code and when it arrived. <see cref="V"/> versions the shape.</summary>
public sealed record FeedbackMessage(int V, string Province, string TrackingCode, DateTimeOffset SubmittedAt, string SubmittedBy, FeedbackSubmission Submission)
{
    public const int CurrentVersion = 1;

    public override string ToString() => $"FeedbackMessage {{ TrackingCode = {TrackingCode}, personal data hidden }}";
}

/// <summary>Body of receive, start-handling, supply-information and publish: an optional note for the audit trail.</summary>
public sealed record FeedbackNoteRequest
{
    public string? Note { get; init; }
}

/// <summary>Body of classify: in scope (with the topic), or out of scope with a reason and a reply to the sender.</summary>
public sealed record FeedbackClassifyRequest
{
    public bool? InScope { get; init; }

    /// <summary>When in scope: <c>regulation</c> (quy định, thủ tục) or <c>official-conduct</c> (hành vi cán bộ).</summary>
    public string? Topic { get; init; }

    /// <summary>When out of scope: why (staff-facing).</summary>
    public string? Reason { get; init; }

    /// <summary>When out of scope: the reply shown to the sender.</summary>
    public string? Reply { get; init; }

    public string? Note { get; init; }

    internal FeedbackCommand ToCommand(List<FieldError> errors)
    {
        if (InScope is null)
        {
            errors.Add(new FieldError("inScope", "bắt buộc: true (thuộc phạm vi) hoặc false (không thuộc phạm vi)."));
        }

        var topic = FeedbackSubmissionRules.ParseEnum<FeedbackTopic>(Topic, "topic", required: false, errors);
        return InScope == false
            ? new FeedbackCommand(FeedbackAction.ClassifyOutOfScope, Note, Reason: Reason, Reply: Reply)
            : new FeedbackCommand(FeedbackAction.ClassifyInScope, Note, Topic: topic);
    }
}

/// <summary>Body of assign: the competent agency's id in the registry.</summary>
public sealed record FeedbackAssignRequest
{
    public string? AgencyId { get; init; }

    public string? Note { get; init; }
}

/// <summary>Body of request-information: what the sender must add (shown to the sender on the tracking page).</summary>
public sealed record FeedbackInformationRequest
{
    public string? Text { get; init; }

    public string? Note { get; init; }
}

/// <summary>Body of answer: the answer's text and the document it was sent as (số, ký hiệu).</summary>
public sealed record FeedbackAnswerRequest
{
    public string? Text { get; init; }

    public string? DocumentReference { get; init; }

    public string? Note { get; init; }
}

/// <summary>Body of return-for-rework: why the answer cannot be published (required).</summary>
public sealed record FeedbackReworkRequest
{
    public string? Note { get; init; }
}
