using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

using static TthcServerless.Bench.ProvinceScale;

namespace TthcServerless.Bench;

/// <summary>
/// <c>reminder-run [--agencies 300] [--assignments 6000] [--cases 10000] [--runs 3]</c>: one day's reminder run at province
/// scale against a local Azurite, storage included. Seeds a registry of <c>agencies</c>, plans of 2,000 tasks each (one
/// lead agency per task, deadlines spread over 2026) and <c>cases</c> open PAKN cases at every stage through the app's
/// own API and stores; then times (a) the bare read of the same entities with the SDK (the tables the run reads, whole,
/// paged as the run pages them) and (b) the real run (<c>POST /api/reminders/runs?date=…</c>: read, decide, write the
/// digests' blobs and outbox rows, queue every channel, mark the day), counting the app's storage requests and sampling
/// the managed heap. Deliveries are not run (the local runner is off): the target is computing and writing.
/// </summary>
internal static class ReminderRunBench
{
    private const int TasksPerPlan = 2000;
    private static readonly string[] Days = ["2026-03-20", "2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-30"];

    public static async Task<object> RunAsync(int agencies, int assignmentCount, int caseCount, int runs)
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync();
        Log($"Azurite on table port {azurite.TablePort}");
        await using var app = new BenchApp(azurite.ConnectionString, "r" + Guid.NewGuid().ToString("N")[..8], runTriggers: false);
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchApp.AdminKey);

        var seeding = Stopwatch.StartNew();
        await SeedRegistryAsync(http, agencies);
        var plans = await SeedPlansAsync(http, agencies, assignmentCount);
        await SeedCasesAsync(app, agencies, caseCount, new DateOnly(2026, 2, 2), spreadDays: 50);
        Log($"seeded {agencies} agencies, {plans} plans, {assignmentCount} assignments, {caseCount} cases in {seeding.Elapsed.TotalSeconds:0}s");

        // Working days of late March 2026, one warm-up run (JIT, tables created, caches), then the measured ones.
        var days = Days.Take(runs + 1).ToList();
        var bareCounter = new StorageRequestCounter();
        var bareWarm = await BareReadAsync(azurite.ConnectionString, app.Prefix, bareCounter);
        var counter = app.Services.GetRequiredService<StorageRequestCounter>();
        await RunDayAsync(http, days[0], counter);

        var measured = new List<(double Ms, object Result, long Requests, Dictionary<string, long> ByKind, long PeakHeap, long Allocated)>();
        var bare = new List<(double Ms, long Entities, long Requests)>();
        foreach (var day in days.Skip(1))
        {
            var before = bareCounter.Count;
            var (bareMs, entities) = await BareReadAsync(azurite.ConnectionString, app.Prefix, bareCounter);
            bare.Add((bareMs, entities, bareCounter.Count - before));
            measured.Add(await RunDayAsync(http, day, counter));
            Log($"{day}: run {measured[^1].Ms:0} ms, {measured[^1].Requests} requests; bare read {bareMs:0} ms ({entities} entities)");
        }

        var runMedian = Median(measured.Select(m => m.Ms));
        var bareMedian = Median(bare.Select(b => b.Ms));
        return new
        {
            scenario = "reminder-run",
            agencies,
            assignments = assignmentCount,
            openCases = caseCount,
            plans,
            progressRows = 0,
            seedSeconds = Math.Round(seeding.Elapsed.TotalSeconds, 1),
            warmUp = new { day = days[0], bareReadMs = Math.Round(bareWarm.Ms, 0) },
            runs = measured.Select((m, i) => new
            {
                day = days[i + 1],
                ms = Math.Round(m.Ms, 0),
                result = m.Result,
                storageRequests = m.Requests,
                storageRequestsByKind = m.ByKind,
                peakManagedHeapMb = Math.Round(m.PeakHeap / 1048576.0, 1),
                allocatedMb = Math.Round(m.Allocated / 1048576.0, 1),
                bareReadMs = Math.Round(bare[i].Ms, 0),
                bareReadEntities = bare[i].Entities,
                bareReadRequests = bare[i].Requests,
            }),
            runMsMedian = Math.Round(runMedian, 0),
            bareReadMsMedian = Math.Round(bareMedian, 0),
            ratioOfMedians = Math.Round(runMedian / Math.Max(bareMedian, 1), 2),
            targets = new { runOverBareRead = new { target = 2.0, met = runMedian <= 2 * bareMedian } },
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
        };
    }

    /// <summary>The run through the API, with the app's storage requests counted and the managed heap sampled every 5 ms.</summary>
    private static async Task<(double Ms, object Result, long Requests, Dictionary<string, long> ByKind, long PeakHeap, long Allocated)> RunDayAsync(
        HttpClient http, string day, StorageRequestCounter counter)
    {
        var run = await MeasureAsync(counter, () => http.PostAsync(new Uri($"/api/reminders/runs?date={day}", UriKind.Relative), null));
        using var response = run.Response;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The run for {day} answered {(int)response.StatusCode}: {body}");
        }

        return (run.Ms, body, run.ByKind.Values.Sum(), run.ByKind, run.PeakHeap, run.Allocated);
    }

    /// <summary>
    /// Every entity the run reads, with the SDK and nothing else: plans, tasks, assignments, progress, the registry,
    /// webhooks and the run ledger whole (the tables hold only this province), cases filtered to case rows (not their
    /// audit lines) in pages of 1,000, tables side by side as the run reads them.
    /// </summary>
    private static async Task<(double Ms, long Entities)> BareReadAsync(string connectionString, string prefix, StorageRequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var service = new TableServiceClient(connectionString, options);
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var table in service.QueryAsync(maxPerPage: 1000))
        {
            existing.Add(table.Name);
        }

        var reads = new (string Table, string? Filter)[]
        {
            ("Plans", null), ("PlanTasks", null), ("Assignments", null), ("AssignmentProgress", null), ("Agencies", null), ("Webhooks", null), ("ReminderRuns", null),
            ("FeedbackCases", "RowType eq 'case'"),
        };
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(reads.Where(r => existing.Contains(prefix + r.Table)).Select(async r =>
        {
            long n = 0;
            await foreach (var page in service.GetTableClient(prefix + r.Table).QueryAsync<TableEntity>(r.Filter, maxPerPage: 1000).AsPages())
            {
                n += page.Values.Count;
            }

            return n;
        }));
        return (watch.Elapsed.TotalMilliseconds, counts.Sum());
    }

    /// <summary>Plans of 2,000 tasks (the import's limit), task i led by agency i mod n, due on a working day of 2026.</summary>
    private static async Task<int> SeedPlansAsync(HttpClient http, int agencies, int assignments)
    {
        var random = new Random(13);
        var plans = (assignments + TasksPerPlan - 1) / TasksPerPlan;
        for (var p = 0; p < plans; p++)
        {
            var text = new StringBuilder("| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n");
            for (var t = 1; t <= Math.Min(TasksPerPlan, assignments - (p * TasksPerPlan)); t++)
            {
                var due = new DateOnly(2026, 2, 2).AddDays(random.Next(0, 300));
                text.Append(CultureInfo.InvariantCulture,
                    $"| {t} | Rà soát, đánh giá, công bố thủ tục hành chính nhóm {p + 1}.{t} và báo cáo kết quả | {AgencyName(((p * TasksPerPlan) + t) % agencies + 1)} | Chậm nhất ngày {due:dd/MM/yyyy} |\n");
            }

            using var content = new StringContent(text.ToString(), Encoding.UTF8, "text/plain");
            using var response = await http.PostAsync(new Uri($"/api/plans/import?planId=kh-2026-{p + 1}&year=2026", UriKind.Relative), content);
            await EnsureAsync(response, $"plan {p + 1} import");
        }

        return plans;
    }
}
