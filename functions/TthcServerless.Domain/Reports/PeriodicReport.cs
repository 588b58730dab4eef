using TthcServerless.Domain.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;

namespace TthcServerless.Domain.Reports;

/// <summary>
/// Computes a periodic report (docs/reports.md). Standings are recomputed from the update history as of the cut-off
/// (<see cref="ReportCutOff"/>), with the one standing rule (<see cref="AssignmentStandingRules"/>); PAKN cases are read
/// back from their audit trails (<see cref="FeedbackAsOf"/>). An update counts when it was reported before the cut-off,
/// or later but for a period inside the window (late data: it changes the input fingerprint, and a regeneration shows
/// it).
/// </summary>
public static class PeriodicReport
{
    /// <summary>Text kept of a task's content in list sheets.</summary>
    public const int ContentLength = 300;

    public static ReportModel Compute(ReportInputs inputs, ReportingPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(period);
        var cut = ReportCutOff.For(period, now);
        var previous = inputs.Periods.Previous(period);
        var next = inputs.Periods.Next(period);
        var history = inputs.Updates
            .GroupBy(u => (u.AgencyId, u.TaskId))
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.ReportedAt.UtcTicks).ThenBy(u => u.UpdateId, StringComparer.Ordinal).ToArray());

        var states = Evaluate(inputs, history, cut);
        var previousStates = Evaluate(inputs, history, ReportCutOff.For(previous, now));
        var pakn = FeedbackAt(inputs, cut);
        var previousPakn = FeedbackAt(inputs, ReportCutOff.For(previous, now));

        var counts = Count(states);
        var paknResult = Result(pakn, cut);
        var header = new ReportHeader(
            inputs.Plan.Province, inputs.Plan.PlanId, inputs.PlanRevision, inputs.Plan.Title, inputs.Plan.DecisionNumber, inputs.Plan.DecisionDate, inputs.Plan.Year,
            period, previous, next, cut.AsOf, cut.AsOfDate, cut.Provisional, now, Fingerprint(inputs, states, pakn, cut));

        return new ReportModel(
            header,
            Kpis(counts, Count(previousStates), paknResult, Result(previousPakn, ReportCutOff.For(previous, now))),
            BySection(inputs, states),
            ByAgency(inputs, states, cut, out var total),
            total,
            [.. states.Where(s => s.Standing.Kind == AssignmentStandingKind.Overdue)
                .OrderByDescending(s => s.Standing.DaysOverdue).ThenBy(s => s.Task?.SectionNumber, StringComparer.Ordinal).ThenBy(s => s.Task?.Number).ThenBy(s => s.AgencyName, StringComparer.Ordinal)
                .Select(s => new OverdueRow(s.Task?.SectionNumber ?? string.Empty, s.Assignment.TaskId, Shorten(s.Task?.Content), s.Assignment.AgencyId, s.AgencyName,
                    s.Standing.DueDate!.Value, s.Standing.DaysOverdue ?? 0, s.Progress?.ProgressPercent, s.Progress?.LatestReportedAt, s.LastDifficulty))],
            [.. states.Where(s => s.Standing.Kind == AssignmentStandingKind.NotReportedThisPeriod)
                .OrderBy(s => s.Task?.SectionNumber, StringComparer.Ordinal).ThenBy(s => s.Task?.Number).ThenBy(s => s.AgencyName, StringComparer.Ordinal)
                .Select(s => new NotReportedRow(s.Assignment.TaskId, Shorten(s.Task?.Content), s.Assignment.AgencyId, s.AgencyName, CadenceLabel(s.Assignment.Recurrence),
                    s.Standing.CurrentPeriod?.Id ?? string.Empty, s.Progress?.LatestReportedAt))],
            [.. states.SelectMany(s => s.InWindow.Select(u => (s, u)))
                .Where(x => x.u.Difficulties is not null || x.u.Proposals is not null)
                .OrderBy(x => x.u.ReportedAt.UtcTicks).ThenBy(x => x.u.UpdateId, StringComparer.Ordinal)
                .Select(x => new IssueRow(x.u.ReportedAt, x.u.AgencyId, x.s.AgencyName, x.u.TaskId, x.u.Difficulties, x.u.Proposals, StatusLabel(x.u.Status)))],
            Pakn(inputs.Registry, pakn, paknResult, cut),
            [.. states.Where(s => !IsDone(s.Standing.Kind) && s.Assignment.DueDate is { } due && next.Contains(due))
                .OrderBy(s => s.Assignment.DueDate).ThenBy(s => s.Task?.SectionNumber, StringComparer.Ordinal).ThenBy(s => s.Task?.Number).ThenBy(s => s.AgencyName, StringComparer.Ordinal)
                .Select(s => new UpcomingRow(s.Assignment.TaskId, Shorten(s.Task?.Content), s.Assignment.AgencyId, s.AgencyName, s.Assignment.DueDate!.Value))],
            Facts(inputs, states, pakn, cut, previous, next));
    }

    /// <summary>The standing's stable key: <c>completed-on-time</c>, <c>not-reported-this-period</c>, ….</summary>
    public static string StandingKey(AssignmentStandingKind kind) => WireName.Of(kind);

    /// <summary>A feedback stage's stable key: <c>submitted</c> … <c>rejected</c>.</summary>
    public static string StageKey(FeedbackStage stage) => WireName.Of(stage);

    private sealed record AssignmentState(
        Assignment Assignment,
        PlanTask? Task,
        string AgencyName,
        AssignmentProgress? Progress,
        AssignmentStanding Standing,
        IReadOnlyList<TaskUpdate> InWindow,
        IReadOnlyList<TaskUpdate> Counted,
        string? LastDifficulty);

    private static bool Counts(TaskUpdate update, ReportCutOff cut, ReportingCalendar periods) =>
        update.ReportedAt < cut.AsOf || (periods.FromId(update.PeriodId) is { } own && own.End <= cut.Period.End && own.Start >= cut.Period.Start);

    private static bool InWindow(TaskUpdate update, ReportCutOff cut, ReportingCalendar periods) =>
        update.ReportedAt >= cut.WindowStartsAt || (periods.FromId(update.PeriodId) is { } own && own.Start >= cut.Period.Start);

    private static List<AssignmentState> Evaluate(ReportInputs inputs, Dictionary<(string AgencyId, string TaskId), TaskUpdate[]> history, ReportCutOff cut)
    {
        var tasks = inputs.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var states = new List<AssignmentState>(inputs.Assignments.Count);
        foreach (var assignment in inputs.Assignments)
        {
            var updates = history.GetValueOrDefault((assignment.AgencyId, assignment.TaskId)) ?? [];
            AssignmentProgress? progress = null;
            var counted = new List<TaskUpdate>();
            var inWindow = new List<TaskUpdate>();
            string? difficulty = null;
            foreach (var update in updates)
            {
                if (!Counts(update, cut, inputs.Periods))
                {
                    continue;
                }

                counted.Add(update);
                progress = AssignmentProgress.Apply(progress, update);
                difficulty = update.Difficulties ?? difficulty;
                if (InWindow(update, cut, inputs.Periods))
                {
                    inWindow.Add(update);
                }
            }

            var standing = AssignmentStandingRules.Evaluate(assignment, progress, cut.AsOfDate, inputs.Periods);
            states.Add(new AssignmentState(assignment, tasks.GetValueOrDefault(assignment.TaskId), inputs.Registry.FindAgency(assignment.AgencyId)?.Name ?? assignment.AgencyId,
                progress, standing, inWindow, counted, difficulty));
        }

        return states;
    }

    private static List<FeedbackAsOf> FeedbackAt(ReportInputs inputs, ReportCutOff cut)
    {
        var cases = new List<FeedbackAsOf>();
        foreach (var history in inputs.Feedback)
        {
            if (FeedbackAsOf.At(history, cut.AsOf, inputs.FeedbackLimits, inputs.WorkingDays) is not { } state)
            {
                continue;
            }

            // The window's cases: those that arrived in it, and those still open when it began.
            var arrived = state.Case.SubmittedAt >= cut.WindowStartsAt;
            if (arrived || FeedbackAsOf.At(history, cut.WindowStartsAt, inputs.FeedbackLimits, inputs.WorkingDays) is { IsClosed: false })
            {
                cases.Add(state);
            }
        }

        return cases;
    }

    private static StandingCounts Count(IEnumerable<AssignmentState> states)
    {
        int all = 0, onTime = 0, late = 0, undated = 0, inProgress = 0, notStarted = 0, overdue = 0, reported = 0, notReported = 0;
        foreach (var state in states)
        {
            all++;
            switch (state.Standing.Kind)
            {
                case AssignmentStandingKind.CompletedOnTime: onTime++; break;
                case AssignmentStandingKind.CompletedLate: late++; break;
                case AssignmentStandingKind.Completed: undated++; break;
                case AssignmentStandingKind.InProgress: inProgress++; break;
                case AssignmentStandingKind.NotStarted: notStarted++; break;
                case AssignmentStandingKind.Overdue: overdue++; break;
                case AssignmentStandingKind.ReportedThisPeriod: reported++; break;
                case AssignmentStandingKind.NotReportedThisPeriod: notReported++; break;
            }
        }

        return new StandingCounts(all, onTime, late, undated, inProgress, notStarted, overdue, reported, notReported);
    }

    private static PaknResult Result(List<FeedbackAsOf> cases, ReportCutOff cut)
    {
        bool InPeriod(DateOnly? day) => day is { } d && d >= cut.Period.Start && d <= cut.AsOfDate;
        int received = 0, carried = 0, refusedOnTime = 0, refusedLate = 0, answeredOnTime = 0, answeredLate = 0, publishedOnTime = 0, publishedLate = 0, within = 0, past = 0, awaiting = 0;
        foreach (var state in cases)
        {
            if (state.Case.SubmittedAt >= cut.WindowStartsAt)
            {
                received++;
            }
            else
            {
                carried++;
            }

            if (InPeriod(state.RefusedOn))
            {
                _ = state.RefusedOnTime == false ? refusedLate++ : refusedOnTime++;
            }

            if (InPeriod(state.AnsweredOn))
            {
                _ = state.AnsweredOnTime == false ? answeredLate++ : answeredOnTime++;
            }

            if (InPeriod(state.PublishedOn))
            {
                _ = state.PublishedOnTime == false ? publishedLate++ : publishedOnTime++;
            }

            if (state.Stage == FeedbackStage.AwaitingInformation)
            {
                awaiting++;
            }
            else if (state.IsRunning)
            {
                _ = state.Deadlines.IsOverdue(cut.AsOfDate) ? past++ : within++;
            }
        }

        return new PaknResult(received, carried, refusedOnTime, refusedLate, answeredOnTime, answeredLate, publishedOnTime, publishedLate, within, past, awaiting);
    }

    private static List<KpiRow> Kpis(StandingCounts now, StandingCounts before, PaknResult pakn, PaknResult paknBefore)
    {
        const string tasksGroup = "Nhiệm vụ kế hoạch";
        const string feedbackGroup = "Phản ánh, kiến nghị";
        KpiRow Row(string key, string group, string label, double? value, double? previous, bool rate = false) =>
            new(key, group, label, rate, value, previous, value is { } v && previous is { } p ? v - p : null);
        return
        [
            Row("assigned", tasksGroup, "Tổng lượt nhiệm vụ được giao", now.Assignments, before.Assignments),
            Row("completed-on-time", tasksGroup, "Hoàn thành đúng hạn", now.CompletedOnTime, before.CompletedOnTime),
            Row("completed-late", tasksGroup, "Hoàn thành trễ hạn", now.CompletedLate, before.CompletedLate),
            Row("completed-undated", tasksGroup, "Đã hoàn thành (không có thời hạn)", now.CompletedUndated, before.CompletedUndated),
            Row("in-progress", tasksGroup, "Đang thực hiện", now.InProgress, before.InProgress),
            Row("not-started", tasksGroup, "Chưa thực hiện", now.NotStarted, before.NotStarted),
            Row("overdue", tasksGroup, "Quá hạn", now.Overdue, before.Overdue),
            Row("recurring-reported", tasksGroup, "Thường xuyên - đã báo cáo kỳ này", now.RecurringReported, before.RecurringReported),
            Row("recurring-not-reported", tasksGroup, "Thường xuyên - chưa báo cáo kỳ này", now.RecurringNotReported, before.RecurringNotReported),
            Row("on-time-rate", tasksGroup, "Tỷ lệ hoàn thành đúng hạn", now.OnTimeRate, before.OnTimeRate, rate: true),
            Row("pakn-received", feedbackGroup, "PAKN tiếp nhận trong kỳ", pakn.ReceivedInPeriod, paknBefore.ReceivedInPeriod),
            Row("pakn-carried-over", feedbackGroup, "PAKN kỳ trước chuyển sang", pakn.CarriedOver, paknBefore.CarriedOver),
            Row("pakn-refused", feedbackGroup, "Từ chối tiếp nhận (không thuộc phạm vi)", pakn.Refused, paknBefore.Refused),
            Row("pakn-answered-on-time", feedbackGroup, "Đã trả lời đúng hạn", pakn.AnsweredOnTime, paknBefore.AnsweredOnTime),
            Row("pakn-answered-late", feedbackGroup, "Đã trả lời trễ hạn", pakn.AnsweredLate, paknBefore.AnsweredLate),
            Row("pakn-open-within", feedbackGroup, "Đang xử lý trong hạn", pakn.OpenWithinDeadline, paknBefore.OpenWithinDeadline),
            Row("pakn-open-past", feedbackGroup, "Đang xử lý quá hạn", pakn.OpenPastDeadline, paknBefore.OpenPastDeadline),
            Row("pakn-on-time-rate", feedbackGroup, "Tỷ lệ trả lời đúng hạn", pakn.AnswerOnTimeRate, paknBefore.AnswerOnTimeRate, rate: true),
        ];
    }

    private static List<SectionRow> BySection(ReportInputs inputs, List<AssignmentState> states) =>
        [.. inputs.Sections.Select(section => new SectionRow(
            SectionKey(inputs.Plan.PlanId, section.Number), section.Number, section.Title,
            inputs.Tasks.Count(t => t.SectionNumber == section.Number),
            Count(states.Where(s => s.Task?.SectionNumber == section.Number))))];

    private static List<AgencyRankRow> ByAgency(ReportInputs inputs, List<AssignmentState> states, ReportCutOff cut, out AgencyRankRow total)
    {
        AgencyRankRow Row(int rank, string key, string name, string level, string groups, IReadOnlyCollection<AssignmentState> rows)
        {
            var overdue = rows.Where(s => s.Standing.Kind == AssignmentStandingKind.Overdue).Select(s => (double)(s.Standing.DaysOverdue ?? 0)).ToList();
            return new AgencyRankRow(rank, key, name, level, groups, rows.Count(s => s.Assignment.DueDate is { } d && cut.Period.Contains(d)), Count(rows),
                overdue.Count == 0 ? null : Math.Round(overdue.Average(), 1));
        }

        var ranked = states.GroupBy(s => s.Assignment.AgencyId, StringComparer.Ordinal)
            .Select(g =>
            {
                var agency = inputs.Registry.FindAgency(g.Key);
                return Row(0, g.Key, g.First().AgencyName, LevelName(inputs.Registry, agency?.Level ?? g.First().Assignment.Level),
                    string.Join(", ", inputs.Registry.GroupsOf(g.Key).Select(id => inputs.Registry.FindGroup(id)?.Name ?? id)), [.. g]);
            })
            .OrderByDescending(r => r.Counts.OnTimeRate ?? -1).ThenBy(r => r.Counts.Overdue).ThenBy(r => r.AgencyName, StringComparer.Ordinal)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToList();
        total = Row(0, "*", "Tổng", string.Empty, string.Empty, states);
        return ranked;
    }

    private static PaknTables Pakn(AgencyRegistry registry, List<FeedbackAsOf> cases, PaknResult result, ReportCutOff cut)
    {
        bool InPeriod(DateOnly? day) => day is { } d && d >= cut.Period.Start && d <= cut.AsOfDate;
        var byStage = Enum.GetValues<FeedbackStage>()
            .Select(stage => new PaknStageRow(StageKey(stage), FeedbackWorkflow.Label(stage), cases.Count(c => c.Stage == stage)))
            .ToList();
        var byAgency = cases.Where(c => c.Case.AssignedAgencyId is not null)
            .GroupBy(c => c.Case.AssignedAgencyId!, StringComparer.Ordinal)
            .Select(g => new PaknAgencyRow(g.Key, registry.FindAgency(g.Key)?.Name ?? g.Key, g.Count(),
                g.Count(c => InPeriod(c.AnsweredOn) && c.AnsweredOnTime != false),
                g.Count(c => InPeriod(c.AnsweredOn) && c.AnsweredOnTime == false),
                g.Count(c => c.IsRunning && c.Stage != FeedbackStage.Answered && !c.Deadlines.IsOverdue(cut.AsOfDate)),
                g.Count(c => c.IsRunning && c.Stage != FeedbackStage.Answered && c.Deadlines.IsOverdue(cut.AsOfDate))))
            .OrderBy(r => r.AgencyName, StringComparer.Ordinal)
            .ToList();
        var byTopic = new List<PaknTopicRow>();
        foreach (var topic in new FeedbackTopic?[] { FeedbackTopic.Regulation, FeedbackTopic.OfficialConduct, null })
        {
            byTopic.Add(new PaknTopicRow("topic", topic is { } t ? WireName.Of(t) : "unclassified", TopicLabel(topic), cases.Count(c => c.Case.Topic == topic)));
        }

        foreach (var kind in Enum.GetValues<FeedbackKind>())
        {
            byTopic.Add(new PaknTopicRow("kind", WireName.Of(kind), kind == FeedbackKind.PhanAnh ? "Phản ánh" : "Kiến nghị", cases.Count(c => c.Case.Kind == kind)));
        }

        foreach (var channel in Enum.GetValues<FeedbackChannel>())
        {
            byTopic.Add(new PaknTopicRow("channel", WireName.Of(channel), ChannelLabel(channel), cases.Count(c => c.Case.Channel == channel)));
        }

        return new PaknTables(byStage, result, byAgency, byTopic);
    }

    private static ReportFacts Facts(ReportInputs inputs, List<AssignmentState> states, List<FeedbackAsOf> pakn, ReportCutOff cut,
        ReportingPeriod previous, ReportingPeriod next)
    {
        var planId = inputs.Plan.PlanId;
        var periodKey = cut.Period.Id;
        var asOf = cut.AsOfDate;
        var facts = states.Select(s => new FactAssignmentRow(periodKey, asOf, planId, TaskKey(planId, s.Assignment.TaskId),
                SectionKey(planId, s.Task?.SectionNumber ?? string.Empty), s.Assignment.AgencyId, IsLead: true, WireName.Of(s.Assignment.TimeframeKind),
                s.Assignment.DueDate, DateKey(s.Assignment.DueDate), StandingKey(s.Standing.Kind), s.Progress?.ProgressPercent, s.Progress?.CompletedOn,
                s.Standing.DaysOverdue, s.InWindow.Count > 0, s.Progress?.LatestReportedAt, s.Progress?.OutputDocument?.Number, s.Progress?.OutputDocument?.Date))
            .ToList();
        var updates = states.SelectMany(s => s.InWindow)
            .OrderBy(u => u.ReportedAt.UtcTicks).ThenBy(u => u.UpdateId, StringComparer.Ordinal)
            .Select(u => new FactTaskUpdateRow(periodKey, asOf, u.UpdateId, u.ReportedAt, DateKey(VietnamTime.DateOf(u.ReportedAt))!.Value, u.PeriodId, TaskKey(planId, u.TaskId),
                u.AgencyId, WireName.Of(u.Status), u.ProgressPercent, u.CompletedOn, u.Difficulties is not null, u.Proposals is not null,
                u.Difficulties, u.Proposals, u.Summary))
            .ToList();
        var feedback = pakn
            .OrderBy(c => c.Case.SubmittedAt.UtcTicks).ThenBy(c => c.Case.Code.ToString(), StringComparer.Ordinal)
            .Select(c => new FactFeedbackRow(periodKey, asOf, c.Case.Code.ToString(), WireName.Of(c.Case.Kind),
                c.Case.Topic is { } topic ? WireName.Of(topic) : null, WireName.Of(c.Case.Channel),
                WireName.Of(c.Case.SubmitterType), c.Case.SubmittedOn, c.Case.ClockStartedOn, StageKey(c.Stage), c.Case.AssignedAgencyId,
                c.Deadlines.ClassifyBy, c.Deadlines.AnswerBy, c.AnsweredOn, c.Deadlines.PublishBy, c.PublishedOn, c.RefusedOn is not null,
                c.RefusedOnTime, c.AnsweredOnTime, c.PublishedOnTime, c.IsRunning && c.Deadlines.IsOverdue(asOf), WorkingDaysOpen(inputs.WorkingDays, c, asOf)))
            .ToList();

        var agencyIds = states.Select(s => s.Assignment.AgencyId).Concat(pakn.Select(c => c.Case.AssignedAgencyId).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var agencies = inputs.Registry.Agencies.Where(a => agencyIds.Contains(a.Id))
            .Select(a => new DimAgencyRow(a.Id, a.Name, a.Level, a.Kind, a.ParentId, string.Join(",", inputs.Registry.GroupsOf(a.Id))))
            .ToList();
        var sectionOrder = inputs.Sections.Select((s, i) => (s.Number, i)).ToDictionary(x => x.Number, x => x.i + 1, StringComparer.Ordinal);
        var dimTasks = inputs.Tasks
            .OrderBy(t => sectionOrder.GetValueOrDefault(t.SectionNumber)).ThenBy(t => t.Number)
            .Select(t => new DimTaskRow(TaskKey(planId, t.Id), planId, SectionKey(planId, t.SectionNumber), t.Number,
                string.Create(CultureInfo.InvariantCulture, $"{sectionOrder.GetValueOrDefault(t.SectionNumber):D2}.{t.Number:D3}"), t.Content, t.ExpectedOutput, t.Timeframe.Text,
                WireName.Of(t.Timeframe.Kind), t.Timeframe.Recurrence is { } r ? WireName.Of(r) : null))
            .ToList();
        var sections = inputs.Sections.Select((s, i) => new DimSectionRow(SectionKey(planId, s.Number), s.Number, s.Title, i + 1)).ToList();
        var standings = Enum.GetValues<AssignmentStandingKind>()
            .Select((k, i) => new DimStandingRow(StandingKey(k), AssignmentStandingRules.LabelOf(k), i + 1, IsDone(k),
                k is AssignmentStandingKind.CompletedLate or AssignmentStandingKind.Overdue or AssignmentStandingKind.NotReportedThisPeriod))
            .ToList();
        var stages = Enum.GetValues<FeedbackStage>()
            .Select((s, i) => new DimFeedbackStageRow(StageKey(s), FeedbackWorkflow.Label(s), !FeedbackWorkflow.IsClosed(s), i + 1))
            .ToList();
        var periods = new[] { previous, cut.Period, next }
            .Select(p => new DimPeriodRow(p.Id, WireName.Of(p.Type), p.Label, p.Start, p.End))
            .ToList();

        return new ReportFacts(facts, updates, feedback, agencies, dimTasks, sections, standings, stages, periods, Dates(inputs.WorkingDays, cut, states));
    }

    private static List<DimDateRow> Dates(WorkingDayCalendar calendar, ReportCutOff cut, List<AssignmentState> states)
    {
        // The window and the plan's due dates, within two years of the window so a far-off date cannot grow the table.
        var first = cut.Period.Start;
        var last = cut.Period.End;
        foreach (var due in states.Select(s => s.Assignment.DueDate).OfType<DateOnly>())
        {
            first = due < first && due >= cut.Period.Start.AddYears(-2) ? due : first;
            last = due > last && due <= cut.Period.End.AddYears(2) ? due : last;
        }

        var dates = new List<DimDateRow>(last.DayNumber - first.DayNumber + 1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var covered = calendar.Covers(day);
            dates.Add(new DimDateRow(day, DateKey(day)!.Value, day.Year, ((day.Month - 1) / 3) + 1, day.Month, $"Tháng {day.Month:D2}/{day.Year}",
                covered ? calendar.IsWorkingDay(day) : null, covered ? calendar.EntryOn(day) is { IsWorkingDay: false } entry ? entry.Name : null : null));
        }

        return dates;
    }

    private static string Fingerprint(ReportInputs inputs, List<AssignmentState> states, List<FeedbackAsOf> pakn, ReportCutOff cut)
    {
        // What the numbers depend on (never the clock beyond the as-of day): the plan revision, every update counted (ids are unique and fixed at acceptance),
        // every case's version at the cut-off, the calendar's and the limits' versions.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(inputs.PlanRevision);
        Add(cut.Period.Id);
        // A provisional report is judged on today: the same inputs give the same numbers until the day changes.
        Add(cut.Provisional ? "provisional " + cut.AsOfDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "final");
        foreach (var id in states.SelectMany(s => s.Counted).Select(u => u.UpdateId).Order(StringComparer.Ordinal))
        {
            Add(id);
        }

        foreach (var state in pakn.OrderBy(c => c.Case.Code.ToString(), StringComparer.Ordinal))
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{state.Case.Code}:{state.Stage}:{state.AnsweredOn}:{state.PublishedOn}:{state.RefusedOn}:{state.Case.AssignedAgencyId}:{state.Case.Topic}"));
        }

        Add(inputs.WorkingDays.EffectiveData.Version);
        Add(inputs.FeedbackLimits.ToString());
        Add(string.Join(",", inputs.Registry.Agencies.Select(a => a.Id + "=" + a.Name)));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static int? WorkingDaysOpen(WorkingDayCalendar calendar, FeedbackAsOf state, DateOnly asOf)
    {
        var end = state.PublishedOn ?? state.RefusedOn ?? asOf;
        try
        {
            return calendar.WorkingDaysElapsed(state.Case.ClockStartedOn, end);
        }
        catch (CalendarNotCoveredException)
        {
            return null;
        }
    }

    public static string TaskKey(string planId, string taskId) => $"{planId}|{taskId}";

    public static string SectionKey(string planId, string section) => $"{planId}|{section}";

    private static int? DateKey(DateOnly? day) => day is { } d ? (d.Year * 10000) + (d.Month * 100) + d.Day : null;

    private static bool IsDone(AssignmentStandingKind kind) =>
        kind is AssignmentStandingKind.CompletedOnTime or AssignmentStandingKind.CompletedLate or AssignmentStandingKind.Completed or AssignmentStandingKind.ReportedThisPeriod;

    private static string Shorten(string? content) =>
        content is null ? string.Empty : content.Length <= ContentLength ? content : string.Concat(content.AsSpan(0, ContentLength - 1), "…");

    private static string LevelName(AgencyRegistry registry, string level) => registry.FindLevel(level)?.Name ?? level;

    private static string StatusLabel(TaskProgressStatus status) => status switch
    {
        TaskProgressStatus.Completed => "Đã hoàn thành",
        TaskProgressStatus.InProgress => "Đang thực hiện",
        _ => "Chưa thực hiện",
    };

    private static string CadenceLabel(RecurrenceKind? recurrence) => AssignmentStandingRules.PeriodTypeOf(recurrence) switch
    {
        ReportingPeriodType.Quarter => "Hằng quý",
        ReportingPeriodType.HalfYear => "6 tháng",
        ReportingPeriodType.Year => "Hằng năm",
        _ => "Hằng tháng",
    };

    private static string TopicLabel(FeedbackTopic? topic) => topic switch
    {
        FeedbackTopic.Regulation => "Quy định, chính sách, TTHC",
        FeedbackTopic.OfficialConduct => "Hành vi của cán bộ, công chức",
        _ => "Chưa phân loại",
    };

    private static string ChannelLabel(FeedbackChannel channel) => channel switch
    {
        FeedbackChannel.Web => "Cổng tiếp nhận của tỉnh",
        FeedbackChannel.NationalPortal => "Cổng Dịch vụ công quốc gia",
        FeedbackChannel.Email => "Thư điện tử",
        FeedbackChannel.Phone => "Điện thoại",
        FeedbackChannel.Letter => "Văn bản",
        _ => "Trực tiếp",
    };
}
