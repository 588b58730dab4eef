using Microsoft.Extensions.Options;
using TthcServerless.Domain.Reports;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Plans;

namespace TthcServerless.Functions.Reports;

/// <summary>
/// The <c>PeriodicReports</c> timer (daily at 02:00 ICT, <c>0 0 19 * * *</c> UTC: Flex has no time zones). For every
/// plan, every period of the plan's year whose window has closed and that has no final report yet is written, so a
/// missed day or an outage only delays a report. It may fire twice or concurrently: the ledger's claim lets one run
/// write each version, and a final report is never written again unless an admin regenerates it.
/// </summary>
internal sealed partial class PeriodicReports(PlanStore plans, GenerateReport generate, ReportStore reports, IOptions<TthcOptions> options, TimeProvider time,
    Domain.Periods.ReportingCalendar periods, ILogger<PeriodicReports> logger) : ITimerFunction
{
    public const string Schedule = "0 0 19 * * *";

    public async Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var province = options.Value.Province;
        var written = 0;
        foreach (var plan in await plans.ListAsync(province, cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            foreach (var period in periods.PeriodsOf(plan.Identity.Year).Where(p => ReportCutOff.IsClosed(p, now)))
            {
                var pointer = await reports.GetPointerAsync(province, plan.Identity.PlanId, period.Id, cancellationToken).ConfigureAwait(false);
                if (pointer.LatestVersion > 0
                    && await reports.GetAsync(province, plan.Identity.PlanId, period.Id, pointer.LatestVersion, cancellationToken).ConfigureAwait(false) is { Provisional: false })
                {
                    continue;
                }

                var result = await generate.RunAsync(province, plan.Identity.PlanId, period.Id, regenerate: false, waitForOtherRun: false, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == GenerateReportOutcome.Created)
                {
                    written++;
                    invocation.Context.Log($"{result.Report!.ReportId}: {result.Report.Bytes} bytes");
                }
            }
        }

        Log.Done(logger, written);
        invocation.Context.Log($"PeriodicReports: {written} report(s) written.");
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "PeriodicReports wrote {Count} report(s).")]
        public static partial void Done(ILogger logger, int count);
    }
}
