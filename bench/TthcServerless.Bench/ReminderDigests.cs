using System.Diagnostics;
using TthcServerless.Domain.Calendar;
using TthcServerless.Domain.Feedback;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Reminders;

namespace TthcServerless.Bench;

/// <summary>
/// <c>reminder-digests [--agencies 300] [--assignments 6000] [--cases 10000] [--days 22]</c>: the reminder rules at province
/// scale, in memory. A generated plan (assignments due across 2026, a third completed, one in ten recurring), open PAKN
/// cases at every stage, and one run per working day of March–April 2026: the time to decide and render every digest,
/// next to a bare pass over the same entities (each due date compared, each case's deadlines computed). Storage is not
/// in this scenario: a run reads one partition range per table and writes its digests in transactions of 100.
/// </summary>
internal static class ReminderDigests
{
    public static object Run(int agencies, int assignmentCount, int caseCount, int days)
    {
        var calendar = WorkingDayCalendar.FromShippedData();
        var random = new Random(13);
        var agencyIds = Enumerable.Range(1, agencies).Select(i => $"co-quan-{i:D3}").ToList();
        var names = agencyIds.ToDictionary(id => id, id => "Cơ quan " + id[^3..]);
        var tasks = Enumerable.Range(1, Math.Max(1, assignmentCount / agencies)).ToDictionary(
            i => $"I.{i}", i => $"Nhiệm vụ số {i}: rà soát, đánh giá, công bố thủ tục hành chính và báo cáo kết quả thực hiện theo kế hoạch năm", StringComparer.Ordinal);
        var assignments = new List<Assignment>(assignmentCount);
        var progress = new Dictionary<(string, string), AssignmentProgress>();
        for (var i = 0; i < assignmentCount; i++)
        {
            var agency = agencyIds[i % agencies];
            var task = $"I.{(i / agencies % tasks.Count) + 1}";
            var recurring = i % 10 == 0;
            var due = new DateOnly(2026, 1, 31).AddDays(random.Next(0, 330));
            assignments.Add(new Assignment("kh-2026", task, agency, "tinh", recurring ? null : due, recurring ? TimeframeKind.Recurring : TimeframeKind.Deadline,
                recurring ? RecurrenceKind.Continuous : null));
            if (i % 3 == 0)
            {
                var at = new DateTimeOffset(2026, 2, 1, 3, 0, 0, TimeSpan.Zero);
                progress[(agency, task)] = new AssignmentProgress($"u{i}", at, TaskProgressStatus.Completed, 100, due.AddDays(-3), null, at, ["2026-02"]);
            }
        }

        var stages = new[] { FeedbackStage.Submitted, FeedbackStage.Received, FeedbackStage.Classified, FeedbackStage.Assigned, FeedbackStage.Handling, FeedbackStage.Answered };
        var cases = new List<FeedbackCase>(caseCount);
        for (var i = 0; i < caseCount; i++)
        {
            var arrived = new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.FromHours(7)).AddDays(random.Next(0, 80));
            var stage = stages[i % stages.Length];
            var created = FeedbackCase.Create(TrackingCode.New(),
                new FeedbackSubmission(FeedbackKind.PhanAnh, "Thủ tục", "Nội dung", null, FeedbackChannel.Web, SubmitterType.Individual,
                    new FeedbackContact("Người gửi", null, null, null, null)), arrived, "public").Case;
            cases.Add(created with
            {
                Stage = stage,
                AssignedAgencyId = stage is FeedbackStage.Assigned or FeedbackStage.Handling or FeedbackStage.Answered ? agencyIds[i % agencies] : null,
                Answer = stage == FeedbackStage.Answered ? new FeedbackAnswer("Đã trả lời", null, VietnamDate(arrived).AddDays(10)) : null,
            });
        }

        var plan = new ReminderPlan("kh-2026", 2026, tasks, assignments, progress);
        var runDays = new List<DateOnly>();
        for (var day = new DateOnly(2026, 3, 2); runDays.Count < days; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day))
            {
                runDays.Add(day);
            }
        }

        // Warm up once (JIT), then measure.
        Decide(plan, cases, calendar, runDays[0], names);
        var runs = new List<double>();
        var bare = new List<double>();
        int digests = 0, lines = 0, widest = 0, omitted = 0;
        foreach (var day in runDays)
        {
            var watch = Stopwatch.StartNew();
            var result = Decide(plan, cases, calendar, day, names);
            var messages = result.Digests.Select(d => d.Render(ReminderRules.Default.MaxLinesPerMessage)).ToList();
            runs.Add(watch.Elapsed.TotalMilliseconds);
            digests += result.Digests.Count;
            lines += result.Digests.Sum(d => d.Lines.Count);
            widest = Math.Max(widest, result.Digests.Select(d => d.Lines.Count).DefaultIfEmpty().Max());
            omitted += messages.Sum(m => m.LinesOmitted);

            watch.Restart();
            var touched = assignments.Count(a => a.DueDate is { } due && due >= day) + cases.Count(c => FeedbackDeadlines.For(c, FeedbackLimits.National, calendar).IsOverdue(day));
            bare.Add(watch.Elapsed.TotalMilliseconds);
            GC.KeepAlive(touched);
        }

        runs.Sort();
        bare.Sort();
        return new
        {
            scenario = "reminder-digests",
            agencies,
            assignments = assignmentCount,
            openCases = caseCount,
            runs = runDays.Count,
            firstDay = runDays[0],
            lastDay = runDays[^1],
            runMs = new { median = runs[runs.Count / 2], max = runs[^1] },
            barePassMs = new { median = bare[bare.Count / 2], max = bare[^1] },
            ratioOfMedians = Math.Round(runs[runs.Count / 2] / Math.Max(bare[bare.Count / 2], 0.001), 2),
            digestsPerDay = digests / (double)runDays.Count,
            linesPerDay = lines / (double)runDays.Count,
            widestDigestLines = widest,
            linesLeftToTheInboxPerDay = omitted / (double)runDays.Count,
            // What the same run costs in storage requests (ReminderRun): reads of plans, tasks, assignments, progress, open
            // cases (pages of 1,000), registry, webhooks and the ledger, then digests in transactions of ≤ 100 rows, one
            // queue message per channel.
            storageRequestsPerDayEstimate = 9 + (caseCount / 1000) + (int)Math.Ceiling(digests / (double)runDays.Count / 100) + (int)(digests / (double)runDays.Count),
        };
    }

    private static ReminderRunPlan Decide(ReminderPlan plan, List<FeedbackCase> cases, WorkingDayCalendar calendar, DateOnly day, Dictionary<string, string> names) =>
        ReminderPlanner.Plan(new ReminderInput("tien-giang", day, null, [plan], cases, FeedbackLimits.National, calendar, ReportingCalendar.Default,
            ReminderRules.Default, id => names.GetValueOrDefault(id)));

    private static DateOnly VietnamDate(DateTimeOffset instant) => TthcServerless.Domain.VietnamTime.DateOf(instant);
}
