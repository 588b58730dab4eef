using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;

namespace TthcServerless.Domain.Tests.Feedback;

/// <summary>
/// The state machine, move by move: every action from every stage, against a table written here by hand from the
/// workflow in docs/feedback.md (not read from the code under test).
/// </summary>
public sealed class FeedbackWorkflowTests
{
    private const string Agency = "so-tu-phap";
    private static readonly DateTimeOffset Submitted = new(2026, 6, 8, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly FeedbackActor Admin = new("bootstrap-admin", IsAdmin: true, AgencyId: null);
    private static readonly FeedbackActor OwnAgency = new("k-own", IsAdmin: false, AgencyId: Agency);
    private static readonly FeedbackActor OtherAgency = new("k-other", IsAdmin: false, AgencyId: "so-y-te");

    /// <summary>The valid moves: (action, from) → to. AwaitingInformation's case was requested from Handling.</summary>
    private static readonly Dictionary<(FeedbackAction, FeedbackStage), FeedbackStage> Valid = new()
    {
        [(FeedbackAction.Receive, FeedbackStage.Submitted)] = FeedbackStage.Received,
        [(FeedbackAction.ClassifyInScope, FeedbackStage.Received)] = FeedbackStage.Classified,
        [(FeedbackAction.ClassifyOutOfScope, FeedbackStage.Received)] = FeedbackStage.Rejected,
        [(FeedbackAction.Assign, FeedbackStage.Classified)] = FeedbackStage.Assigned,
        [(FeedbackAction.Assign, FeedbackStage.Assigned)] = FeedbackStage.Assigned,
        [(FeedbackAction.Assign, FeedbackStage.Handling)] = FeedbackStage.Assigned,
        [(FeedbackAction.StartHandling, FeedbackStage.Assigned)] = FeedbackStage.Handling,
        [(FeedbackAction.RequestInformation, FeedbackStage.Received)] = FeedbackStage.AwaitingInformation,
        [(FeedbackAction.RequestInformation, FeedbackStage.Classified)] = FeedbackStage.AwaitingInformation,
        [(FeedbackAction.RequestInformation, FeedbackStage.Assigned)] = FeedbackStage.AwaitingInformation,
        [(FeedbackAction.RequestInformation, FeedbackStage.Handling)] = FeedbackStage.AwaitingInformation,
        [(FeedbackAction.SupplyInformation, FeedbackStage.AwaitingInformation)] = FeedbackStage.Handling,
        [(FeedbackAction.Answer, FeedbackStage.Handling)] = FeedbackStage.Answered,
        [(FeedbackAction.ReturnForRework, FeedbackStage.Answered)] = FeedbackStage.Handling,
        [(FeedbackAction.Publish, FeedbackStage.Answered)] = FeedbackStage.Published,
    };

    /// <summary>The moves the assigned agency may make (on its own case); every other valid move is the office's.</summary>
    private static readonly HashSet<(FeedbackAction, FeedbackStage)> AgencyMay =
    [
        (FeedbackAction.StartHandling, FeedbackStage.Assigned),
        (FeedbackAction.RequestInformation, FeedbackStage.Assigned),
        (FeedbackAction.RequestInformation, FeedbackStage.Handling),
        (FeedbackAction.Answer, FeedbackStage.Handling),
    ];

    public static TheoryData<FeedbackAction, FeedbackStage> EveryActionFromEveryStage()
    {
        var data = new TheoryData<FeedbackAction, FeedbackStage>();
        foreach (var action in Enum.GetValues<FeedbackAction>().Where(a => a != FeedbackAction.Submit))
        {
            foreach (var stage in Enum.GetValues<FeedbackStage>())
            {
                data.Add(action, stage);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActionFromEveryStage))]
    public void The_office_may_make_exactly_the_valid_moves(FeedbackAction action, FeedbackStage from)
    {
        var result = At(from).Move(Complete(action), Admin, Submitted.AddDays(1));

        if (Valid.TryGetValue((action, from), out var to))
        {
            Assert.Equal(FeedbackMoveOutcome.Applied, result.Outcome);
            Assert.Equal(to, result.Case!.Stage);
            Assert.Equal(from, result.Audit!.From);
            Assert.Equal(to, result.Audit.To);
        }
        else
        {
            Assert.Equal(FeedbackMoveOutcome.InvalidTransition, result.Outcome);
            Assert.Null(result.Case);
            Assert.NotNull(result.Message);
        }
    }

    [Theory]
    [MemberData(nameof(EveryActionFromEveryStage))]
    public void The_assigned_agency_may_make_its_own_moves_and_nothing_else(FeedbackAction action, FeedbackStage from)
    {
        var result = At(from).Move(Complete(action), OwnAgency, Submitted.AddDays(1));

        // An action an agency never takes, or a valid move that is the office's, is forbidden; an agency action from a
        // stage it is not valid in is an invalid transition.
        var agencyActions = AgencyMay.Select(m => m.Item1).ToHashSet();
        var expected = AgencyMay.Contains((action, from)) ? FeedbackMoveOutcome.Applied
            : !agencyActions.Contains(action) || Valid.ContainsKey((action, from)) ? FeedbackMoveOutcome.Forbidden
            : FeedbackMoveOutcome.InvalidTransition;
        Assert.Equal(expected, result.Outcome);
    }

    [Theory]
    [MemberData(nameof(EveryActionFromEveryStage))]
    public void Another_agency_may_make_no_move_at_all(FeedbackAction action, FeedbackStage from)
    {
        Assert.Equal(FeedbackMoveOutcome.Forbidden, At(from).Move(Complete(action), OtherAgency, Submitted.AddDays(1)).Outcome);
    }

    [Fact]
    public void An_agency_cannot_act_on_a_case_not_yet_assigned_to_anyone()
    {
        var received = At(FeedbackStage.Received) with { AssignedAgencyId = null };

        Assert.Equal(FeedbackMoveOutcome.Forbidden, received.Move(Complete(FeedbackAction.RequestInformation), OwnAgency, Submitted).Outcome);
    }

    [Fact]
    public void The_workflow_table_is_the_one_written_here()
    {
        var table = FeedbackWorkflow.Transitions.ToDictionary(t => (t.Action, t.From), t => t.To ?? FeedbackStage.Handling);

        Assert.Equal(Valid.OrderBy(p => p.Key.ToString()), table.OrderBy(p => p.Key.ToString()));
    }

    [Fact]
    public void The_full_lifecycle_leaves_one_audit_line_per_move()
    {
        var (feedback, first) = FeedbackCase.Create(TrackingCode.New(), Submission(), Submitted, "public");
        var trail = new List<FeedbackAuditEntry> { first };
        var steps = new (FeedbackCommand Command, FeedbackActor Actor)[]
        {
            (new(FeedbackAction.Receive, Note: "Vào sổ"), Admin),
            (new(FeedbackAction.ClassifyInScope, Topic: FeedbackTopic.Regulation), Admin),
            (new(FeedbackAction.Assign, AgencyId: Agency, Note: "Thuộc lĩnh vực hộ tịch"), Admin),
            (new(FeedbackAction.StartHandling), OwnAgency),
            (new(FeedbackAction.Answer, Text: "Sở Tư pháp trả lời như sau…", DocumentReference: "123/STP-HCTP"), OwnAgency),
            (new(FeedbackAction.Publish), Admin),
        };
        var at = Submitted;
        foreach (var (command, actor) in steps)
        {
            at = at.AddHours(20);
            var result = feedback.Move(command, actor, at);
            Assert.Equal(FeedbackMoveOutcome.Applied, result.Outcome);
            feedback = result.Case!;
            trail.Add(result.Audit!);
        }

        Assert.Equal(FeedbackStage.Published, feedback.Stage);
        Assert.Equal(7, feedback.Version);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], trail.Select(e => e.Version));
        Assert.Equal(
            [FeedbackAction.Submit, FeedbackAction.Receive, FeedbackAction.ClassifyInScope, FeedbackAction.Assign, FeedbackAction.StartHandling, FeedbackAction.Answer, FeedbackAction.Publish],
            trail.Select(e => e.Action));
        Assert.Equal(
            [null, FeedbackStage.Submitted, FeedbackStage.Received, FeedbackStage.Classified, FeedbackStage.Assigned, FeedbackStage.Handling, FeedbackStage.Answered],
            trail.Select(e => e.From));
        Assert.Equal(["public", "bootstrap-admin", "bootstrap-admin", "bootstrap-admin", "k-own", "k-own", "bootstrap-admin"], trail.Select(e => e.Actor));
        Assert.Equal(Agency, trail[3].AgencyId);
        Assert.Equal("Thuộc lĩnh vực hộ tịch", trail[3].Note);
        Assert.Equal(Agency, trail[5].ActorAgencyId);
        Assert.Equal(new FeedbackAnswer("Sở Tư pháp trả lời như sau…", "123/STP-HCTP", DateOnly.FromDateTime(at.AddHours(-20).DateTime)), feedback.Answer);
        Assert.Equal(at, feedback.PublishedAt);
    }

    [Fact]
    public void Out_of_scope_needs_a_reason_and_a_reply_and_closes_the_case()
    {
        var received = At(FeedbackStage.Received);

        var missing = received.Move(new FeedbackCommand(FeedbackAction.ClassifyOutOfScope, Reason: "Khiếu nại"), Admin, Submitted);
        var refused = received.Move(new FeedbackCommand(FeedbackAction.ClassifyOutOfScope, Reason: "Là khiếu nại, không phải PAKN", Reply: "Đề nghị gửi đơn khiếu nại theo Luật Khiếu nại."), Admin, Submitted);

        Assert.Equal(FeedbackMoveOutcome.Invalid, missing.Outcome);
        Assert.Contains(missing.Errors, e => e.Field == "reply");
        Assert.Equal(FeedbackStage.Rejected, refused.Case!.Stage);
        Assert.Equal("Đề nghị gửi đơn khiếu nại theo Luật Khiếu nại.", refused.Case.Reply);
        Assert.True(FeedbackWorkflow.IsClosed(refused.Case.Stage));
        Assert.Empty(FeedbackWorkflow.ActionsFrom(refused.Case.Stage));
    }

    [Fact]
    public void Classifying_in_scope_needs_the_topic()
    {
        var result = At(FeedbackStage.Received).Move(new FeedbackCommand(FeedbackAction.ClassifyInScope), Admin, Submitted);

        Assert.Equal(FeedbackMoveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.Field == "topic");
    }

    [Fact]
    public void Assigning_again_to_the_same_agency_is_refused()
    {
        var result = At(FeedbackStage.Assigned).Move(new FeedbackCommand(FeedbackAction.Assign, AgencyId: Agency), Admin, Submitted);

        Assert.Equal(FeedbackMoveOutcome.InvalidTransition, result.Outcome);
    }

    [Fact]
    public void An_answer_needs_its_text_and_a_return_for_rework_its_reason()
    {
        Assert.Contains(At(FeedbackStage.Handling).Move(new FeedbackCommand(FeedbackAction.Answer, DocumentReference: "1/STP"), OwnAgency, Submitted).Errors, e => e.Field == "text");
        Assert.Contains(At(FeedbackStage.Answered).Move(new FeedbackCommand(FeedbackAction.ReturnForRework), Admin, Submitted).Errors, e => e.Field == "note");
    }

    [Fact]
    public void Control_characters_in_staff_text_are_refused()
    {
        var result = At(FeedbackStage.Handling).Move(new FeedbackCommand(FeedbackAction.Answer, Text: "Trả lời\u0007"), OwnAgency, Submitted);

        Assert.Equal(FeedbackMoveOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public void Supplied_information_returns_the_case_to_where_it_was_and_restarts_the_clock()
    {
        var assigned = At(FeedbackStage.Assigned);
        var asked = assigned.Move(new FeedbackCommand(FeedbackAction.RequestInformation, Text: "Đề nghị cung cấp số hồ sơ"), OwnAgency, new DateTimeOffset(2026, 6, 10, 10, 0, 0, TimeSpan.FromHours(7))).Case!;
        var supplied = asked.Move(new FeedbackCommand(FeedbackAction.SupplyInformation, Note: "Đã nhận số hồ sơ qua điện thoại"), Admin, new DateTimeOffset(2026, 6, 16, 15, 0, 0, TimeSpan.FromHours(7))).Case!;

        Assert.Equal(FeedbackStage.AwaitingInformation, asked.Stage);
        Assert.Equal(FeedbackStage.Assigned, asked.ResumeStage);
        Assert.Equal("Đề nghị cung cấp số hồ sơ", asked.InformationRequest);
        Assert.Equal(new DateOnly(2026, 6, 10), asked.InformationRequestedOn);
        Assert.Equal(FeedbackStage.Assigned, supplied.Stage);
        Assert.Null(supplied.ResumeStage);
        Assert.Equal(new DateOnly(2026, 6, 16), supplied.ClockStartedOn);
    }

    [Fact]
    public void The_assigned_agency_cannot_record_supplied_information_so_it_cannot_restart_its_own_clock()
    {
        var asked = At(FeedbackStage.Handling).Move(new FeedbackCommand(FeedbackAction.RequestInformation, Text: "Đề nghị cung cấp số hồ sơ"), OwnAgency, Submitted.AddDays(1)).Case!;

        var result = asked.Move(new FeedbackCommand(FeedbackAction.SupplyInformation), OwnAgency, Submitted.AddDays(20));

        Assert.Equal(FeedbackMoveOutcome.Forbidden, result.Outcome);
        Assert.Null(result.Case);
    }

    [Fact]
    public void More_information_is_asked_for_by_its_limit_and_not_after()
    {
        // Arrived Mon 8/6/2026: five working days run to Mon 15/6.
        var handling = At(FeedbackStage.Handling);
        var request = new FeedbackCommand(FeedbackAction.RequestInformation, Text: "Đề nghị cung cấp số hồ sơ");

        var onTheLastDay = handling.Move(request, OwnAgency, new DateTimeOffset(2026, 6, 15, 16, 0, 0, TimeSpan.FromHours(7)));
        var aDayLate = handling.Move(request, Admin, new DateTimeOffset(2026, 6, 16, 8, 0, 0, TimeSpan.FromHours(7)));

        Assert.Equal(FeedbackMoveOutcome.Applied, onTheLastDay.Outcome);
        Assert.Equal(FeedbackMoveOutcome.InvalidTransition, aDayLate.Outcome);
        Assert.Contains("15/06/2026", aDayLate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_forwarded_to_another_agency_does_not_carry_the_previous_answer()
    {
        var answered = At(FeedbackStage.Handling).Move(new FeedbackCommand(FeedbackAction.Answer, Text: "Trả lời chưa đạt"), OwnAgency, Submitted.AddDays(1)).Case!;
        var returned = answered.Move(new FeedbackCommand(FeedbackAction.ReturnForRework, Note: "Không đúng thẩm quyền"), Admin, Submitted.AddDays(2)).Case!;

        var forwarded = returned.Move(new FeedbackCommand(FeedbackAction.Assign, AgencyId: "so-y-te"), Admin, Submitted.AddDays(2)).Case!;

        Assert.NotNull(returned.Answer);
        Assert.Equal("so-y-te", forwarded.AssignedAgencyId);
        Assert.Null(forwarded.Answer);
    }

    [Fact]
    public void A_case_is_created_submitted_with_the_clock_on_its_Vietnam_day()
    {
        // 18:30 UTC on 7 June is 01:30 on 8 June in Vietnam.
        var (feedback, audit) = FeedbackCase.Create(TrackingCode.New(), Submission(), new DateTimeOffset(2026, 6, 7, 18, 30, 0, TimeSpan.Zero), "public");

        Assert.Equal(FeedbackStage.Submitted, feedback.Stage);
        Assert.Equal(new DateOnly(2026, 6, 8), feedback.ClockStartedOn);
        Assert.Equal(new DateOnly(2026, 6, 8), feedback.SubmittedOn);
        Assert.Equal(1, feedback.Version);
        Assert.Equal(FeedbackAction.Submit, audit.Action);
        Assert.Null(audit.From);
    }

    private static FeedbackSubmission Submission() => new(
        FeedbackKind.PhanAnh, "Thủ tục đăng ký khai sinh", "Hồ sơ nộp trực tuyến bị yêu cầu nộp thêm bản giấy.", null,
        FeedbackChannel.Web, SubmitterType.Individual, new FeedbackContact("Nguyễn Văn A", "0901234567", null, null, null));

    /// <summary>A case at a stage, assigned to <see cref="Agency"/>; waiting for information it was asked in Handling.</summary>
    private static FeedbackCase At(FeedbackStage stage) => FeedbackCase.Create(TrackingCode.New(), Submission(), Submitted, "public").Case with
    {
        Stage = stage,
        AssignedAgencyId = Agency,
        ResumeStage = stage == FeedbackStage.AwaitingInformation ? FeedbackStage.Handling : null,
        Answer = stage is FeedbackStage.Answered or FeedbackStage.Published ? new FeedbackAnswer("Trả lời", null, new DateOnly(2026, 6, 9)) : null,
    };

    /// <summary>A command with everything any move needs (a new agency for Assign).</summary>
    private static FeedbackCommand Complete(FeedbackAction action) => new(
        action,
        Note: "Ghi chú",
        AgencyId: "so-noi-vu",
        Topic: FeedbackTopic.Regulation,
        Reason: "Không thuộc phạm vi",
        Reply: "Trả lời người gửi",
        Text: "Nội dung",
        DocumentReference: "1/STP");
}

/// <summary>A move with the case's own deadlines, under the national limits on the shipped calendar.</summary>
internal static class FeedbackCaseMoves
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromShippedData();

    public static FeedbackMoveResult Move(this FeedbackCase feedback, FeedbackCommand command, FeedbackActor actor, DateTimeOffset at) =>
        feedback.Apply(command, actor, at, FeedbackDeadlines.For(feedback, FeedbackLimits.National, Calendar));
}
