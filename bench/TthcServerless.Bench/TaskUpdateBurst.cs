using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Bench;

/// <summary>
/// Every agency of the sample plan reports in one burst: many concurrent clients, tens of thousands of updates, against
/// a local Azurite — measured from the outside (accept latency, accept rate) and end to end (accept → visible in the
/// table), next to the raw rate of single-entity upserts on the same Azurite in the same run.
/// </summary>
internal static class TaskUpdateBurst
{
    private const string PlanId = "tg-kstthc-2022";

    /// <param name="clients">Concurrent HTTP clients, each posting as soon as its last post was answered.</param>
    /// <param name="updates">Updates to post in all.</param>
    /// <param name="storage">A storage connection string to run against (another Azurite, a real account); null starts an in-memory Azurite.</param>
    /// <param name="rate">Updates per second offered in all (paced clients); 0 for a closed loop.</param>
    /// <param name="ingest">False to pause ingestion (no queue function): what accepting costs on its own.</param>
    public static async Task<object> RunAsync(int clients, int updates, string? storage, double rate, bool ingest = true)
    {
        await using var azurite = storage is null ? await AzuriteProcess.StartInMemoryAsync() : null;
        var connectionString = storage ?? azurite!.ConnectionString;
        Log(azurite is null ? "using the given storage" : $"Azurite on table port {azurite.TablePort}");

        var raw = await RawUpsertRateAsync(connectionString, clients, Math.Min(updates, 10_000));
        Log($"raw single-entity upserts: {raw:0}/s");

        await using var app = new BenchApp(connectionString, "b" + Guid.NewGuid().ToString("N")[..8], ingest);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 8, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = app.Address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var work = await SeedAsync(http);
        Log($"{work.Count} agencies with assignments");

        // Warm-up (not measured): JIT, connection pools, caches of keys and plans, the queue and tables created — as
        // in a running app. Its updates are stored before the burst starts, so they cost the burst nothing.
        var warmUp = await PostAsync(http, work, clients, Math.Max(updates / 10, clients));
        if (ingest)
        {
            await WaitUntilStoredAsync(app, warmUp.Ids.Count);
        }

        Log($"warm-up: {warmUp.Ids.Count} updates; posting {updates} updates from {clients} clients");

        var counter = app.Services.GetRequiredService<StorageRequestCounter>();
        var requestsBefore = counter.Count;
        var kindsBefore = counter.ByKind;
        var started = Stopwatch.GetTimestamp();
        var (latencies, ids, errors) = await PostAsync(http, work, clients, updates, rate);
        var acceptSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log($"accepted {ids.Count} in {acceptSeconds:0.0}s");

        var stored = ingest ? await WaitUntilStoredAsync(app, warmUp.Ids.Count + ids.Count) - warmUp.Ids.Count : 0;
        var endToEndSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var storageRequests = counter.Count - requestsBefore;
        var sorted = latencies.Order().ToArray();
        var storedPerSecond = stored / endToEndSeconds;
        return new
        {
            scenario = "task-updates",
            clients,
            updates,
            load = rate > 0 ? $"paced at {rate:0} updates/s offered" : "closed loop: each client posts again as soon as it is answered",
            ingestion = ingest ? "running (the local trigger runner drains the queue during the burst)" : "paused (accept path alone)",
            accept = new
            {
                accepted = ids.Count,
                errors = errors.ToDictionary(e => e.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), e => e.Value),
                p50Ms = Math.Round(Percentile(sorted, 0.50), 1),
                p99Ms = Math.Round(Percentile(sorted, 0.99), 1),
                maxMs = Math.Round(sorted[^1], 1),
                perSecond = Math.Round(ids.Count / acceptSeconds, 0),
                seconds = Math.Round(acceptSeconds, 2),
            },
            endToEnd = !ingest ? null : new
            {
                stored,
                storedPerSecond = Math.Round(storedPerSecond, 0),
                seconds = Math.Round(endToEndSeconds, 2),
            },
            storageRequestsPerStoredUpdate = ingest ? Math.Round((double)storageRequests / Math.Max(stored, 1), 3) : (double?)null,
            storageRequestsByKind = counter.ByKind.ToDictionary(k => k.Key, k => k.Value - kindsBefore.GetValueOrDefault(k.Key)),
            rawSingleEntityUpsertsPerSecond = Math.Round(raw, 0),
            endToEndOverRaw = ingest ? Math.Round(storedPerSecond / raw, 2) : (double?)null,
            targets = new
            {
                zeroErrors = new { met = errors.IsEmpty && (!ingest || stored == updates) },
                p99AcceptMs = new { target = 100, met = Percentile(sorted, 0.99) <= 100 },
                endToEndOverRaw = new { target = 0.5, met = ingest ? storedPerSecond >= 0.5 * raw : (bool?)null },
            },
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
        };
    }

    /// <summary>
    /// Each client posts for one agency (clients are spread over the agencies), that agency's tasks in turn. Closed loop
    /// (rate 0): a client posts its next update as soon as the last one is answered, so latency is bounded below by
    /// clients ÷ throughput. Paced (rate &gt; 0): update i is due at i ÷ rate seconds and its latency counts from when
    /// it was due, so a server that falls behind is charged for the wait (no coordinated omission).
    /// </summary>
    private static async Task<(double[] Latencies, ConcurrentBag<string> Ids, ConcurrentDictionary<int, int> Errors)> PostAsync(
        HttpClient http, List<(string Key, List<string> Tasks)> work, int clients, int updates, double rate = 0)
    {
        var origin = Stopwatch.GetTimestamp();
        var latencies = new double[updates];
        var ids = new ConcurrentBag<string>();
        var errors = new ConcurrentDictionary<int, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var (agencyKey, tasks) = work[client % work.Count];
            int i;
            while ((i = Interlocked.Increment(ref next)) < updates)
            {
                var task = tasks[i % tasks.Count];
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plans/{PlanId}/tasks/{task}/updates")
                {
                    Content = new StringContent($$"""{"status":"in-progress","progressPercent":{{i % 100}},"summary":"Báo cáo tiến độ lần {{i}}: đã triển khai theo kế hoạch."}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Api-Key", agencyKey);
                var sent = Stopwatch.GetTimestamp();
                if (rate > 0)
                {
                    var due = origin + (long)(i / rate * Stopwatch.Frequency);
                    if (due > sent)
                    {
                        await Task.Delay(Stopwatch.GetElapsedTime(sent, due));
                    }

                    sent = due;
                }

                using var response = await http.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updateId").GetString()!);
                }
                else
                {
                    errors.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
            }
        }))).ConfigureAwait(false);
        return (latencies, ids, errors);
    }

    /// <summary>
    /// The same Azurite, the same concurrency: one entity per request, as a naive writer would, in the app's history
    /// layout (one partition per task, 37 tasks as in the sample plan) so both sides write the same partitions. A
    /// warm-up round first, so connection set-up and JIT are not counted against the baseline.
    /// </summary>
    private static async Task<double> RawUpsertRateAsync(string connectionString, int concurrency, int count)
    {
        await UpsertRoundAsync(connectionString, concurrency, Math.Min(count, 2000));
        return await UpsertRoundAsync(connectionString, concurrency, count);
    }

    private static async Task<double> UpsertRoundAsync(string connectionString, int concurrency, int count)
    {
        var table = new TableClient(connectionString, "raw" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await table.UpsertEntityAsync(new TableEntity($"tien-giang|{PlanId}|T{i % 37}", $"{long.MaxValue - i:D19}|{Guid.NewGuid():N}")
                {
                    ["UpdateId"] = Guid.NewGuid().ToString("N"),
                    ["AgencyId"] = "so-tu-phap",
                    ["Status"] = "InProgress",
                    ["ProgressPercent"] = i % 100,
                    ["Summary"] = $"Báo cáo tiến độ lần {i}: đã triển khai theo kế hoạch.",
                    ["ReportedAt"] = DateTimeOffset.UtcNow,
                });
            }
        })));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Loads the sample registry and plan and issues a key to every agency that leads a task.</summary>
    private static async Task<List<(string Key, List<string> Tasks)>> SeedAsync(HttpClient http)
    {
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchApp.AdminKey);
        var samples = Path.Combine(AppContext.BaseDirectory, "samples", "tien-giang");
        (await http.PostAsync("/api/agencies/import", new StringContent(await File.ReadAllTextAsync(Path.Combine(samples, "agencies.json")), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await http.PostAsync($"/api/plans/import?planId={PlanId}", new StringContent(await File.ReadAllTextAsync(Path.Combine(samples, "ke-hoach-kstthc-2022.txt")), Encoding.UTF8, "text/plain"))).EnsureSuccessStatusCode();
        var assignments = await http.GetFromJsonAsync<JsonElement>($"/api/plans/{PlanId}/assignments");
        var byAgency = assignments.EnumerateArray().GroupBy(a => a.GetProperty("agencyId").GetString()!, a => a.GetProperty("taskId").GetString()!);
        var work = new List<(string, List<string>)>();
        foreach (var agency in byAgency)
        {
            var issued = await (await http.PostAsync($"/api/agencies/{agency.Key}/keys", JsonContent.Create(new { label = "bench" }))).Content.ReadFromJsonAsync<JsonElement>();
            work.Add((issued.GetProperty("key").GetString()!, agency.ToList()));
        }

        http.DefaultRequestHeaders.Remove("X-Api-Key");
        return work;
    }

    /// <summary>Waits until the queue is drained and every accepted update has its history row.</summary>
    private static async Task<int> WaitUntilStoredAsync(BenchApp app, int expected)
    {
        var queue = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient($"{app.Prefix}-task-updates");
        var table = app.Services.GetRequiredService<TableServiceClient>().GetTableClient($"{app.Prefix}TaskUpdates");
        var deadline = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromMinutes(10))
        {
            if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                var stored = 0;
                await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"tien-giang|" + PlanId + "|"} and PartitionKey lt {"tien-giang|" + PlanId + "}"}"), select: ["RowKey"]))
                {
                    stored++;
                }

                if (stored >= expected)
                {
                    return stored;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Ingestion did not finish within 10 minutes.");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void Log(string line) => Console.Error.WriteLine($"[bench] {line}");
}
