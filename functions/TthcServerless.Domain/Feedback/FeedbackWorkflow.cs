namespace TthcServerless.Domain.Feedback;

/// <summary>
/// One move of the workflow: <paramref name="Action"/> takes a case from <paramref name="From"/> to
/// <paramref name="To"/> (null: back to the stage it was in before more information was requested), and
/// <paramref name="Actors"/> may take it.
/// </summary>
public sealed record FeedbackTransition(FeedbackAction Action, FeedbackStage From, FeedbackStage? To, FeedbackActors Actors);

/// <summary>
/// The feedback state machine: the one place that says which moves are valid, who may make them, and which time limit
/// each stage runs against. Stages follow Nghị định 20/2008 Art 9, 14, 19 and the national system's statuses
/// (docs/regulations.md §2.3, §2.5): receive → classify (in scope, or out of scope with a reason and a reply) → assign to the
/// competent agency → handle → answer → publish, with "ask for more information" possible until the answer.
/// </summary>
public static class FeedbackWorkflow
{
    private const FeedbackActors Admin = FeedbackActors.Admin;
    private const FeedbackActors AdminOrAgency = FeedbackActors.Admin | FeedbackActors.AssignedAgency;

    /// <summary>Every valid move. Anything else is refused (HTTP 409).</summary>
    public static IReadOnlyList<FeedbackTransition> Transitions { get; } =
    [
        new(FeedbackAction.Receive, FeedbackStage.Submitted, FeedbackStage.Received, Admin),
        new(FeedbackAction.ClassifyInScope, FeedbackStage.Received, FeedbackStage.Classified, Admin),
        new(FeedbackAction.ClassifyOutOfScope, FeedbackStage.Received, FeedbackStage.Rejected, Admin),
        new(FeedbackAction.Assign, FeedbackStage.Classified, FeedbackStage.Assigned, Admin),

        // Forwarding again: the agency is not the competent one (Art 9(d)).
        new(FeedbackAction.Assign, FeedbackStage.Assigned, FeedbackStage.Assigned, Admin),
        new(FeedbackAction.Assign, FeedbackStage.Handling, FeedbackStage.Assigned, Admin),
        new(FeedbackAction.StartHandling, FeedbackStage.Assigned, FeedbackStage.Handling, AdminOrAgency),
        new(FeedbackAction.RequestInformation, FeedbackStage.Received, FeedbackStage.AwaitingInformation, Admin),
        new(FeedbackAction.RequestInformation, FeedbackStage.Classified, FeedbackStage.AwaitingInformation, Admin),
        new(FeedbackAction.RequestInformation, FeedbackStage.Assigned, FeedbackStage.AwaitingInformation, AdminOrAgency),
        new(FeedbackAction.RequestInformation, FeedbackStage.Handling, FeedbackStage.AwaitingInformation, AdminOrAgency),
        // The sender's information reaches the office, and it restarts the clock: an agency recording it could
        // clear its own overdue case, so only the office may.
        new(FeedbackAction.SupplyInformation, FeedbackStage.AwaitingInformation, null, Admin),
        new(FeedbackAction.Answer, FeedbackStage.Handling, FeedbackStage.Answered, AdminOrAgency),
        new(FeedbackAction.ReturnForRework, FeedbackStage.Answered, FeedbackStage.Handling, Admin),
        new(FeedbackAction.Publish, FeedbackStage.Answered, FeedbackStage.Published, Admin),
    ];

    /// <summary>The move <paramref name="action"/> makes from <paramref name="from"/>, or null when it is not valid there.</summary>
    public static FeedbackTransition? Find(FeedbackAction action, FeedbackStage from) =>
        Transitions.FirstOrDefault(t => t.Action == action && t.From == from);

    /// <summary>The actions valid from a stage, in table order.</summary>
    public static IReadOnlyList<FeedbackAction> ActionsFrom(FeedbackStage stage) =>
        [.. Transitions.Where(t => t.From == stage).Select(t => t.Action).Distinct()];

    /// <summary>The actions an agency may ever take (on its own assigned cases).</summary>
    public static IReadOnlySet<FeedbackAction> AgencyActions { get; } =
        Transitions.Where(t => t.Actors.HasFlag(FeedbackActors.AssignedAgency)).Select(t => t.Action).ToHashSet();

    /// <summary>A closed case accepts no move.</summary>
    public static bool IsClosed(FeedbackStage stage) => stage is FeedbackStage.Published or FeedbackStage.Rejected;

    /// <summary>
    /// The time limit a stage runs against: accept or refuse before classification, the answer until it is given, the
    /// publication after it; none while waiting for the sender or once closed.
    /// </summary>
    public static FeedbackDeadlineKind? DeadlineOf(FeedbackStage stage) => stage switch
    {
        FeedbackStage.Submitted or FeedbackStage.Received => FeedbackDeadlineKind.Classify,
        FeedbackStage.Classified or FeedbackStage.Assigned or FeedbackStage.Handling => FeedbackDeadlineKind.Answer,
        FeedbackStage.Answered => FeedbackDeadlineKind.Publish,
        _ => null,
    };

    /// <summary>The stage's name for people (Vietnamese).</summary>
    public static string Label(FeedbackStage stage) => stage switch
    {
        FeedbackStage.Submitted => "Chờ tiếp nhận",
        FeedbackStage.Received => "Đã tiếp nhận, đang phân loại",
        FeedbackStage.Classified => "Đã phân loại, chờ chuyển cơ quan có thẩm quyền",
        FeedbackStage.Assigned => "Đã chuyển cơ quan có thẩm quyền",
        FeedbackStage.Handling => "Đang xử lý",
        FeedbackStage.AwaitingInformation => "Chờ bổ sung thông tin",
        FeedbackStage.Answered => "Đã có kết quả, chờ công khai",
        FeedbackStage.Published => "Đã công khai kết quả",
        FeedbackStage.Rejected => "Không thuộc phạm vi xử lý (đã trả lời)",
        _ => stage.ToString(),
    };
}
