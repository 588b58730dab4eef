namespace TthcServerless.Domain.Feedback;

/// <summary>What a submission is (Nghị định 20/2008 Art 3; docs/regulations.md §2.1). On the wire: <c>phan-anh</c>, <c>kien-nghi</c>.</summary>
public enum FeedbackKind
{
    /// <summary>Phản ánh: a problem in carrying out a regulation, incl. slow or troublesome conduct of officials.</summary>
    PhanAnh,

    /// <summary>Kiến nghị: a proposal on the content, form or legality of a regulation.</summary>
    KienNghi,
}

/// <summary>
/// How the feedback arrived (Nghị định 20/2008 Art 6 as amended by 92/2017: writing, telephone, opinion form,
/// electronic data messages; QĐ 31/2021 Art 43(2): feedback from other channels is entered into the system).
/// </summary>
public enum FeedbackChannel
{
    /// <summary>This system's public form.</summary>
    Web,

    /// <summary>Cổng Dịch vụ công quốc gia.</summary>
    NationalPortal,

    Email,

    Phone,

    /// <summary>A letter or other written document (văn bản, bưu chính).</summary>
    Letter,

    /// <summary>At the reception desk (trực tiếp).</summary>
    InPerson,
}

/// <summary>Who sent it: a person, or an organisation (business, association, body) — docs/regulations.md §2.1.</summary>
public enum SubmitterType
{
    Individual,
    Organisation,
}

/// <summary>What the feedback is about, as the 766 index classifies it (indicator 5.1, docs/regulations.md §2.5).</summary>
public enum FeedbackTopic
{
    /// <summary>Quy định, chính sách, thủ tục hành chính.</summary>
    Regulation,

    /// <summary>Hành vi của cán bộ, công chức.</summary>
    OfficialConduct,
}

/// <summary>
/// Where a case is. The valid moves between stages are in <see cref="FeedbackWorkflow"/>, and nowhere else.
/// </summary>
public enum FeedbackStage
{
    /// <summary>Chờ tiếp nhận: stored from the public form (or entered by staff), not yet looked at.</summary>
    Submitted,

    /// <summary>Đã tiếp nhận: an officer has logged it and will classify it.</summary>
    Received,

    /// <summary>Đã phân loại: within scope, waiting to be given to the competent agency.</summary>
    Classified,

    /// <summary>Đã chuyển: given to the competent agency, which has not started.</summary>
    Assigned,

    /// <summary>Đang xử lý.</summary>
    Handling,

    /// <summary>Chờ bổ sung: the sender was asked for more information.</summary>
    AwaitingInformation,

    /// <summary>Chờ công khai: the answer is ready and waits for publication.</summary>
    Answered,

    /// <summary>Đã công khai: closed, the answer is public.</summary>
    Published,

    /// <summary>Không thuộc phạm vi: closed, refused with a reason and a reply to the sender.</summary>
    Rejected,
}

/// <summary>What someone does to a case; each is one row (or more) of <see cref="FeedbackWorkflow.Transitions"/>.</summary>
public enum FeedbackAction
{
    /// <summary>The case is created (by ingestion); not a transition.</summary>
    Submit,

    Receive,

    ClassifyInScope,

    ClassifyOutOfScope,

    Assign,

    StartHandling,

    RequestInformation,

    /// <summary>The information asked for has arrived: the case goes back to where it was.</summary>
    SupplyInformation,

    Answer,

    /// <summary>The answer is not fit for publication (QĐ 31/2021 Art 46): back to the agency.</summary>
    ReturnForRework,

    Publish,
}

/// <summary>Who may take a transition.</summary>
[Flags]
public enum FeedbackActors
{
    None = 0,

    /// <summary>The province office (admin key).</summary>
    Admin = 1,

    /// <summary>The agency the case is currently assigned to, for that case only.</summary>
    AssignedAgency = 2,
}

/// <summary>Which time limit a stage runs against (<see cref="FeedbackWorkflow.DeadlineOf"/>).</summary>
public enum FeedbackDeadlineKind
{
    /// <summary>Accept or refuse: <see cref="FeedbackLimits.RefuseDays"/> from the start of the clock.</summary>
    Classify,

    /// <summary>Answer ready: <see cref="FeedbackLimits.AnswerDays"/> from the start of the clock.</summary>
    Answer,

    /// <summary>Publish: <see cref="FeedbackLimits.PublishDays"/> from the answer.</summary>
    Publish,
}
