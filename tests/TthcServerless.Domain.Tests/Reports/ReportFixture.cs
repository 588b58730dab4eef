using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Reports;

namespace TthcServerless.Domain.Tests.Reports;

/// <summary>
/// A small plan written out by hand so every number of its reports can be worked out on paper (the expected values in
/// the domain report tests were). Plan year 2022, Decree 09 windows: Q1 = 15/12/2021–14/03/2022,
/// month 03 = 15/02–14/03/2022. March 2022 has no public holiday.
/// </summary>
internal static class ReportFixture
{
    public const string Sotp = "so-tu-phap";
    public const string Soyt = "so-y-te";
    public const string Xa = "ubnd-xa-binh-an";

    public static readonly ReportingCalendar ReportingPeriods = ReportingCalendar.Default;
    public static readonly WorkingDayCalendar WorkingDays = WorkingDayCalendar.FromShippedData();

    public static AgencyRegistry Registry { get; } = AgencyRegistry.Create(
        [new AgencyLevel("tinh", "Cấp tỉnh", 1, []), new AgencyLevel("xa", "Cấp xã", 2, [])],
        [new AgencyGroup("so-ban-nganh", "Sở, ban, ngành tỉnh", [], "tinh", [])],
        [
            new Agency(Sotp, "Sở Tư pháp", "tinh", null, "so", [], []),
            new Agency(Soyt, "Sở Y tế", "tinh", null, "so", [], []),
            new Agency(Xa, "UBND xã Bình An", "xa", null, "ubnd", [], []),
        ]);

    public static PlanIdentity Plan { get; } = new("kh-test-2022", "tien-giang", 2022, "Kế hoạch thử", "45/QĐ-UBND", new DateOnly(2022, 1, 7));

    public static IReadOnlyList<PlanSection> Sections { get; } = [new("I", "Công bố, công khai TTHC"), new("II", "Rà soát, đánh giá TTHC")];

    public static IReadOnlyList<PlanTask> Tasks { get; } =
    [
        Task("I.1", "I", 1, "Quý I/2022", TimeframeKind.Deadline, new DateOnly(2022, 3, 31)),
        Task("I.2", "I", 2, "Tháng 02/2022", TimeframeKind.Deadline, new DateOnly(2022, 2, 28)),
        Task("I.3", "I", 3, "Tháng 01/2022", TimeframeKind.Deadline, new DateOnly(2022, 1, 31)),
        Task("I.4", "I", 4, "Tháng 01/2022", TimeframeKind.Deadline, new DateOnly(2022, 1, 31)),
        Task("II.1", "II", 1, "Thường xuyên", TimeframeKind.Recurring, null, RecurrenceKind.Continuous),
        Task("II.2", "II", 2, "15/4/2022", TimeframeKind.Deadline, new DateOnly(2022, 4, 15)),
    ];

    public static IReadOnlyList<Assignment> Assignments { get; } =
    [
        Assign("I.1", Sotp, new DateOnly(2022, 3, 31)),
        Assign("I.2", Soyt, new DateOnly(2022, 2, 28)),
        Assign("I.3", Sotp, new DateOnly(2022, 1, 31)),
        Assign("I.4", Xa, new DateOnly(2022, 1, 31), "xa"),
        new Assignment(Plan.PlanId, "II.1", Sotp, "tinh", null, TimeframeKind.Recurring, RecurrenceKind.Continuous),
        new Assignment(Plan.PlanId, "II.1", Soyt, "tinh", null, TimeframeKind.Recurring, RecurrenceKind.Continuous),
        Assign("II.2", Xa, new DateOnly(2022, 4, 15), "xa"),
    ];

    /// <summary>
    /// I.1 (due 31/3) in progress since 1/3; I.2 (due 28/2) completed 5/3, late by 5 days; I.3 (due 31/1) completed 20/1;
    /// I.4 (due 31/1) never reported: 42 days overdue on 14/3; II.1 reported by Sở Tư pháp for 2022-03, by Sở Y tế only
    /// for 2022-02; II.2 due 15/4 not started.
    /// </summary>
    public static IReadOnlyList<TaskUpdate> Updates { get; } =
    [
        Update("u1", "I.1", Sotp, Ict(2022, 3, 1), TaskProgressStatus.InProgress, period: "2022-03", percent: 40, difficulties: "Thiếu nhân lực."),
        Update("u2", "I.2", Soyt, Ict(2022, 3, 6), TaskProgressStatus.Completed, period: "2022-03", completedOn: new DateOnly(2022, 3, 5), proposals: "=Đề nghị bổ sung kinh phí"),
        Update("u3", "I.3", Sotp, Ict(2022, 1, 21), TaskProgressStatus.Completed, period: "2022-02", completedOn: new DateOnly(2022, 1, 20)),
        Update("u4", "II.1", Sotp, Ict(2022, 3, 1), TaskProgressStatus.InProgress, period: "2022-03"),
        Update("u5", "II.1", Soyt, Ict(2022, 2, 1), TaskProgressStatus.InProgress, period: "2022-02"),
    ];

    /// <summary>
    /// Five cases in Q1, one after it. C1 answered 10/3 (by 22/3), publication due 14/3; C2 refused 7/3 (due 3/3);
    /// C3 (11/2) assigned, answer due 4/3, still open; C5 answered 3/3 and published 4/3; C7 waiting for information.
    /// </summary>
    public static IReadOnlyList<FeedbackHistory> Feedback { get; } = BuildFeedback();

    public static ReportInputs Inputs(IReadOnlyList<TaskUpdate>? updates = null, IReadOnlyList<FeedbackHistory>? feedback = null) =>
        new(Plan, "r1", Sections, Tasks, Assignments, Registry, updates ?? Updates, feedback ?? Feedback, WorkingDays, ReportingPeriods, FeedbackLimits.National);

    public static DateTimeOffset Ict(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, VietnamTime.Offset);

    public static TaskUpdate Update(string id, string task, string agency, DateTimeOffset at, TaskProgressStatus status, string period,
        int? percent = null, DateOnly? completedOn = null, string? difficulties = null, string? proposals = null) =>
        new(id, Plan.PlanId, task, agency, at, "key-1", status, percent, completedOn, null, null, difficulties, proposals, period);

    private static PlanTask Task(string id, string section, int number, string text, TimeframeKind kind, DateOnly? due, RecurrenceKind? recurrence = null) =>
        new(id, section, number, $"Nội dung nhiệm vụ {id}", AgencyPhraseResolution.Empty(""), AgencyPhraseResolution.Empty(""), "Văn bản",
            new Timeframe { Text = text, Kind = kind, DueDate = due, Recurrence = recurrence });

    private static Assignment Assign(string task, string agency, DateOnly due, string level = "tinh") =>
        new(Plan.PlanId, task, agency, level, due, TimeframeKind.Deadline, null);

    private static List<FeedbackHistory> BuildFeedback()
    {
        var admin = new FeedbackActor("admin", IsAdmin: true, AgencyId: null);
        FeedbackHistory Walk(DateTimeOffset submitted, params (DateTimeOffset At, FeedbackCommand Command)[] moves)
        {
            var submission = new FeedbackSubmission(FeedbackKind.PhanAnh, "Thủ tục khai sinh", "Nội dung", null, FeedbackChannel.Web, SubmitterType.Individual,
                new FeedbackContact("Nguyễn Văn A", "0901234567", null, null, null));
            var (current, first) = FeedbackCase.Create(TrackingCode.New(), submission, submitted, "public");
            var audit = new List<FeedbackAuditEntry> { first };
            foreach (var (at, command) in moves)
            {
                var result = current.Apply(command, admin, at, FeedbackDeadlines.For(current, FeedbackLimits.National, WorkingDays));
                if (result.Outcome != FeedbackMoveOutcome.Applied)
                {
                    throw new InvalidOperationException($"{command.Action}: {result.Message}");
                }

                current = result.Case!;
                audit.Add(result.Audit!);
            }

            return new FeedbackHistory(current, audit);
        }

        var receive = new FeedbackCommand(FeedbackAction.Receive);
        var classify = new FeedbackCommand(FeedbackAction.ClassifyInScope, Topic: FeedbackTopic.Regulation);
        var start = new FeedbackCommand(FeedbackAction.StartHandling);
        var answer = new FeedbackCommand(FeedbackAction.Answer, Text: "Trả lời");
        return
        [
            Walk(Ict(2022, 3, 1), (Ict(2022, 3, 1, 10), receive), (Ict(2022, 3, 2), classify), (Ict(2022, 3, 2, 10), new FeedbackCommand(FeedbackAction.Assign, AgencyId: Sotp)),
                (Ict(2022, 3, 3), start), (Ict(2022, 3, 10), answer)),
            Walk(Ict(2022, 3, 1), (Ict(2022, 3, 1, 10), receive), (Ict(2022, 3, 7), new FeedbackCommand(FeedbackAction.ClassifyOutOfScope, Reason: "Ngoài phạm vi", Reply: "Không thuộc phạm vi"))),
            Walk(Ict(2022, 2, 11), (Ict(2022, 2, 11, 10), receive), (Ict(2022, 2, 14), classify), (Ict(2022, 2, 14, 10), new FeedbackCommand(FeedbackAction.Assign, AgencyId: Soyt)),
                (Ict(2022, 2, 15), start)),
            Walk(Ict(2022, 3, 1), (Ict(2022, 3, 1, 10), receive), (Ict(2022, 3, 1, 11), new FeedbackCommand(FeedbackAction.ClassifyInScope, Topic: FeedbackTopic.OfficialConduct)),
                (Ict(2022, 3, 1, 12), new FeedbackCommand(FeedbackAction.Assign, AgencyId: Sotp)), (Ict(2022, 3, 2), start), (Ict(2022, 3, 3), answer),
                (Ict(2022, 3, 4), new FeedbackCommand(FeedbackAction.Publish))),
            Walk(Ict(2022, 3, 20)),
            Walk(Ict(2022, 3, 2), (Ict(2022, 3, 2, 10), receive), (Ict(2022, 3, 3), new FeedbackCommand(FeedbackAction.RequestInformation, Text: "Bổ sung giấy tờ"))),
        ];
    }
}
