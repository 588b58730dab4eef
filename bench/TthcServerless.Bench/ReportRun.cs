using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Reports;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Reports;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

using static TthcServerless.Bench.ProvinceScale;

namespace TthcServerless.Bench;

/// <summary>
/// <c>report-run [--agencies 300] [--recurring-tasks 20] [--dated-tasks 400] [--updates 70000] [--cases 10000] [--runs 3]</c>:
/// a province-year report against a local Azurite. Seeds a registry of <c>agencies</c> (one group holding them all), one
/// plan whose recurring tasks are led by the group (agencies × recurring-tasks assignments) and whose dated tasks each
/// have one lead, <c>updates</c> progress reports through the API (a fifth with difficulties and proposals) and
/// <c>cases</c> PAKN cases through the feedback store; then, per run, one late update and <c>POST /api/reports</c> with
/// <c>regenerate=true</c> for the year (a new version: read, compute, write the workbook, upload, record), next to the
/// bare read of the same entities with the SDK. Counts the app's storage requests, samples the managed heap, and times
/// the phases (read, compute, workbook) once more in-process.
/// </summary>
internal static class ReportRun
{
    private const string PlanId = "kh-tinh-2026";

    /// <summary>The tables the report reads (its registry and the working-day calendar are one small read each).</summary>
    private static readonly string[] ReadTables = ["Plans", "PlanTasks", "Assignments", "TaskUpdates", "FeedbackCases"];

    public static async Task<object> RunAsync(int agencies, int recurringTasks, int datedTasks, int updates, int cases, int runs)
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync();
        Log($"Azurite on table port {azurite.TablePort}");
        // The accepted-update sweep confirms each of the 70,000 updates with two reads a few minutes after it was
        // accepted; settle quickly here and wait for it, so its requests are not counted as the report's.
        await using var app = new BenchApp(azurite.ConnectionString, "p" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Tthc:Updates:Sweep:Interval"] = "00:00:02",
            ["Tthc:Updates:Sweep:SettleTime"] = "00:00:05",
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 80 }) { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(15) };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchApp.AdminKey);

        var seeding = Stopwatch.StartNew();
        await SeedRegistryAsync(http, agencies);
        var assignments = await SeedPlanAsync(http, agencies, recurringTasks, datedTasks);
        Log($"plan: {assignments.Count} assignments; posting {updates} updates");
        await SeedUpdatesAsync(app, http, assignments, updates);
        await SeedCasesAsync(app, agencies, cases, new DateOnly(2026, 1, 5), spreadDays: 300);
        var accepted = app.Services.GetRequiredService<TthcServerless.Functions.Updates.AcceptedUpdates>();
        while (accepted.Count > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var seedSeconds = seeding.Elapsed.TotalSeconds;
        Log($"seeded in {seedSeconds:0} s");

        var counter = app.Services.GetRequiredService<StorageRequestCounter>();
        var bareCounter = new StorageRequestCounter();
        await BareReadAsync(azurite.ConnectionString, app.Prefix, bareCounter); // warm-up
        var first = await ReportAsync(http, counter, regenerate: false); // v1: JIT, tables and containers created
        Log($"v1 in {first.Ms:0} ms");

        var measured = new List<RunFigures>();
        var bare = new List<(double Ms, Dictionary<string, long> Entities, long Requests)>();
        for (var r = 0; r < runs; r++)
        {
            var before = bareCounter.Count;
            var (bareMs, entities) = await BareReadAsync(azurite.ConnectionString, app.Prefix, bareCounter);
            bare.Add((bareMs, entities, bareCounter.Count - before));
            await PostAsync(http, [assignments[r % assignments.Count]], waitStored: true); // late data: the inputs change
            while (accepted.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            measured.Add(await ReportAsync(http, counter, regenerate: true));
            Log($"run {r + 1}: report {measured[^1].Ms:0} ms, {measured[^1].Requests} requests, peak heap {measured[^1].PeakHeap / 1048576.0:0} MB; bare read {bareMs:0} ms");
        }

        var phases = await PhasesAsync(app);
        var entitiesRead = bare[^1].Entities;
        var minimalReadPages = entitiesRead.Values.Sum(n => Math.Max(1, (n + 999) / 1000));
        var reportMedian = Median(measured.Select(m => m.Ms));
        var bareMedian = Median(bare.Select(b => b.Ms));
        var requestsMedian = Median(measured.Select(m => (double)m.Requests));
        var peakHeap = measured.Max(m => m.PeakHeap);
        return new
        {
            scenario = "report-run",
            agencies,
            assignments = assignments.Count,
            updates,
            feedbackCases = cases,
            seedSeconds = Math.Round(seedSeconds, 0),
            period = "2026 (provisional: the year's window is open)",
            firstVersionMs = Math.Round(first.Ms, 0),
            runs = measured.Select((m, i) => new
            {
                reportMs = Math.Round(m.Ms, 0),
                bareReadMs = Math.Round(bare[i].Ms, 0),
                storageRequests = m.Requests,
                storageRequestsByKind = m.ByKind,
                bareReadRequests = bare[i].Requests,
                peakManagedHeapMb = Math.Round(m.PeakHeap / 1048576.0, 0),
                allocatedMb = Math.Round(m.Allocated / 1048576.0, 0),
                workbookBytes = m.Bytes,
                rowCounts = m.RowCounts,
            }),
            entitiesRead,
            minimalReadPages,
            phasesInProcessMs = phases,
            processPeakWorkingSetMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 0),
            targets = new
            {
                reportOverBareRead = new { value = Math.Round(reportMedian / Math.Max(bareMedian, 1), 2), target = 2.0, met = reportMedian <= 2 * bareMedian },
                requestsOverMinimalPages = new { value = Math.Round(requestsMedian / minimalReadPages, 2), target = 1.3, met = requestsMedian <= 1.3 * minimalReadPages },
                peakManagedHeapGib = new { value = Math.Round(peakHeap / 1073741824.0, 2), target = 1.0, met = peakHeap <= 1073741824L },
            },
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
        };
    }

    private sealed record RunFigures(double Ms, long Requests, Dictionary<string, long> ByKind, long PeakHeap, long Allocated, long Bytes, JsonElement RowCounts);

    /// <summary><c>POST /api/reports</c> for the year, with the app's storage requests counted and the heap sampled every 5 ms.</summary>
    private static async Task<RunFigures> ReportAsync(HttpClient http, StorageRequestCounter counter, bool regenerate)
    {
        var run = await MeasureAsync(counter, () => http.PostAsJsonAsync(new Uri($"/api/reports?regenerate={(regenerate ? "true" : "false")}", UriKind.Relative), new { planId = PlanId, period = "2026" }));
        using var response = run.Response;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"The report answered {(int)response.StatusCode}, expected 201: {body}");
        }

        // The local runner keeps polling the queues meanwhile; those requests are not the report's.
        var byKind = run.ByKind.Where(k => !k.Key.StartsWith("queue", StringComparison.Ordinal)).ToDictionary();
        return new RunFigures(run.Ms, byKind.Values.Sum(), byKind, run.PeakHeap, run.Allocated, body.GetProperty("bytes").GetInt64(), body.GetProperty("rowCounts").Clone());
    }

    /// <summary>The same report's phases in this process: the inputs read from storage, the model computed, the workbook written.</summary>
    private static async Task<object> PhasesAsync(BenchApp app)
    {
        var plan = await app.Services.GetRequiredService<PlanStore>().GetAsync(Province, PlanId, CancellationToken.None)
            ?? throw new InvalidOperationException("The plan is gone.");
        var generate = app.Services.GetRequiredService<GenerateReport>();
        var watch = Stopwatch.StartNew();
        var inputs = await generate.ReadInputsAsync(plan, CancellationToken.None);
        var readMs = watch.Elapsed.TotalMilliseconds;
        var period = inputs.Periods.FromId("2026")!;
        watch.Restart();
        var model = PeriodicReport.Compute(inputs, period, DateTimeOffset.UtcNow);
        var computeMs = watch.Elapsed.TotalMilliseconds;
        var path = Path.Combine(Path.GetTempPath(), $"bench-report-{Guid.NewGuid():N}.xlsx");
        try
        {
            watch.Restart();
            ReportWorkbook.Write(model, new WorkbookRun("rep-bench", 1, "run-bench"), path);
            return new { readInputs = Math.Round(readMs, 0), compute = Math.Round(computeMs, 0), workbook = Math.Round(watch.Elapsed.TotalMilliseconds, 0), workbookBytes = new FileInfo(path).Length };
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every entity the report reads, with the SDK alone: the tables above whole (they hold only this plan and province), side by side, pages of 1,000.</summary>
    private static async Task<(double Ms, Dictionary<string, long> Entities)> BareReadAsync(string connectionString, string prefix, StorageRequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var service = new TableServiceClient(connectionString, options);
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(ReadTables.Select(async name =>
        {
            long n = 0;
            await foreach (var page in service.GetTableClient(prefix + name).QueryAsync<TableEntity>(maxPerPage: 1000).AsPages())
            {
                n += page.Values.Count;
            }

            return (name, n);
        }));
        return (watch.Elapsed.TotalMilliseconds, counts.ToDictionary(c => c.name, c => c.n, StringComparer.Ordinal));
    }

    /// <summary>One plan: recurring tasks led by the whole group, then dated tasks led by one agency each (due across 2026).</summary>
    private static async Task<List<(string TaskId, string AgencyId)>> SeedPlanAsync(HttpClient http, int agencies, int recurringTasks, int datedTasks)
    {
        var random = new Random(29);
        var text = new StringBuilder("| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n");
        for (var t = 1; t <= recurringTasks + datedTasks; t++)
        {
            var (lead, when) = t <= recurringTasks
                ? (GroupName, "Thường xuyên")
                : (AgencyName(((t - recurringTasks - 1) % agencies) + 1), $"Chậm nhất ngày {new DateOnly(2026, 1, 15).AddDays(random.Next(0, 340)):dd/MM/yyyy}");
            text.Append(CultureInfo.InvariantCulture, $"| {t} | Rà soát, đánh giá, công bố thủ tục hành chính nhóm {t} và báo cáo kết quả thực hiện | {lead} | {when} |\n");
        }

        using var content = new StringContent(text.ToString(), Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync(new Uri($"/api/plans/import?planId={PlanId}&year=2026", UriKind.Relative), content);
        await EnsureAsync(response, "plan import");
        var listed = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{PlanId}/assignments", UriKind.Relative));
        return [.. (listed.ValueKind == JsonValueKind.Array ? listed : listed.GetProperty("items")).EnumerateArray()
            .Select(a => (a.GetProperty("taskId").GetString()!, a.GetProperty("agencyId").GetString()!))];
    }

    /// <summary>The updates through the API, spread evenly over the assignments, then waited for until all are stored.</summary>
    private static async Task SeedUpdatesAsync(BenchApp app, HttpClient http, List<(string TaskId, string AgencyId)> assignments, int updates)
    {
        var work = Enumerable.Range(0, updates).Select(i => assignments[i % assignments.Count]).ToList();
        await PostAsync(http, work, waitStored: false);
        var table = app.Services.GetRequiredService<StorageResources>();
        var history = await table.TableAsync("TaskUpdates", CancellationToken.None);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            long stored = 0;
            await foreach (var page in history.QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1000).AsPages())
            {
                stored += page.Values.Count;
            }

            Log($"stored {stored} of {updates}");
            if (stored >= updates)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(20))
            {
                throw new TimeoutException($"Only {stored} of {updates} updates stored after 20 minutes.");
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    private static async Task PostAsync(HttpClient http, List<(string TaskId, string AgencyId)> work, bool waitStored)
    {
        var posted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var (taskId, agencyId) = work[i];
            var withIssue = i % 5 == 0;
            var body = new
            {
                agencyId,
                status = "in-progress",
                progressPercent = 5 + (i % 90),
                summary = "Đã rà soát các thủ tục hành chính thuộc thẩm quyền, đang hoàn thiện báo cáo đánh giá.",
                difficulties = withIssue ? "Một số thủ tục liên thông nhiều cấp, chưa thống nhất được quy trình nội bộ giữa các cơ quan." : null,
                proposals = withIssue ? "Đề nghị Văn phòng UBND tỉnh hướng dẫn thống nhất quy trình liên thông." : null,
            };
            using var response = await http.PostAsJsonAsync(new Uri($"/api/plans/{PlanId}/tasks/{Uri.EscapeDataString(taskId)}/updates", UriKind.Relative), body, ct);
            await EnsureAsync(response, "update");
            if (waitStored)
            {
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("updateId").GetString();
                while ((await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/updates/{id}", UriKind.Relative), ct)).GetProperty("state").GetString() != "stored")
                {
                    await Task.Delay(50, ct);
                }
            }

            if (Interlocked.Increment(ref posted) % 10_000 == 0)
            {
                Log($"posted {posted}");
            }
        });
    }
}
