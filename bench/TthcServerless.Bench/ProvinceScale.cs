using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Bench;

/// <summary>
/// What the province-scale scenarios (<c>reminder-run</c>, <c>report-run</c>) seed alike: a registry of numbered agencies
/// (one group, "Các cơ quan thử nghiệm", holding them all) and PAKN cases at every open stage.
/// </summary>
internal static class ProvinceScale
{
    public const string Province = "tien-giang";
    public const string GroupName = "Các cơ quan thử nghiệm";

    public static string AgencyId(int i) => $"co-quan-{i:D3}";

    public static string AgencyName(int i) => $"Cơ quan thử nghiệm số {i:D3}";

    public static async Task SeedRegistryAsync(HttpClient http, int agencies)
    {
        using var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "tien-giang", "agencies.json")));
        var registry = new
        {
            levels = sample.RootElement.GetProperty("levels"),
            groups = new[] { new { id = "co-quan-thu-nghiem", name = GroupName, aliases = Array.Empty<string>(), level = "tinh", kinds = new[] { "so" } } },
            agencies = Enumerable.Range(1, agencies).Select(i => new { id = AgencyId(i), name = AgencyName(i), level = "tinh", kind = "so" }),
        };
        using var response = await http.PostAsync(new Uri("/api/agencies/import", UriKind.Relative), JsonContent.Create(registry));
        await EnsureAsync(response, "registry import");
    }

    /// <summary>
    /// Cases through the feedback store (as the queue function stores a submission), at every open stage in turn, sent
    /// on a day among the <paramref name="spreadDays"/> from <paramref name="firstDay"/> (09:00 ICT), 32 at a time.
    /// </summary>
    public static async Task SeedCasesAsync(BenchApp app, int agencies, int cases, DateOnly firstDay, int spreadDays)
    {
        var store = app.Services.GetRequiredService<FeedbackStore>();
        var stages = new[] { FeedbackStage.Submitted, FeedbackStage.Received, FeedbackStage.Classified, FeedbackStage.Assigned, FeedbackStage.Handling, FeedbackStage.Answered };
        var random = new Random(17);
        var arrivals = Enumerable.Range(0, cases).Select(_ => random.Next(0, spreadDays)).ToArray();
        var first = new DateTimeOffset(firstDay.ToDateTime(new TimeOnly(9, 0)), VietnamTime.Offset);
        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var arrived = first.AddDays(arrivals[i]);
            var stage = stages[i % stages.Length];
            var contact = new FeedbackContact("Người gửi thử nghiệm", null, null, null, null);
            var (created, audit) = FeedbackCase.Create(TrackingCode.New(),
                new FeedbackSubmission(FeedbackKind.PhanAnh, "Thủ tục cấp giấy phép", "Nội dung phản ánh thử nghiệm về thời gian giải quyết hồ sơ.", null,
                    FeedbackChannel.Web, SubmitterType.Individual, contact), arrived, "public");
            var staged = created with
            {
                Stage = stage,
                AssignedAgencyId = stage is FeedbackStage.Assigned or FeedbackStage.Handling or FeedbackStage.Answered ? AgencyId((i % agencies) + 1) : null,
                Answer = stage == FeedbackStage.Answered ? new FeedbackAnswer("Đã trả lời", null, VietnamTime.DateOf(arrived).AddDays(10)) : null,
            };
            await store.CreateAsync(Province, staged, audit, contact, ct);
        });
    }

    /// <summary>A request to the app, timed, with the storage requests made meanwhile (by kind) and the managed heap's peak.</summary>
    public sealed record Measured(HttpResponseMessage Response, double Ms, Dictionary<string, long> ByKind, long PeakHeap, long Allocated);

    /// <summary>Sends one request, counting the app's storage requests and sampling the managed heap every 5 ms.</summary>
    public static async Task<Measured> MeasureAsync(StorageRequestCounter counter, Func<Task<HttpResponseMessage>> send)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(send);
        GC.Collect();
        var kinds = counter.ByKind;
        var allocated = GC.GetTotalAllocatedBytes();
        var peak = GC.GetTotalMemory(false);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var watch = Stopwatch.StartNew();
        var response = await send();
        var ms = watch.Elapsed.TotalMilliseconds;
        await sampling.CancelAsync();
        await sampler;
        var byKind = counter.ByKind.ToDictionary(k => k.Key, k => k.Value - kinds.GetValueOrDefault(k.Key), StringComparer.Ordinal)
            .Where(k => k.Value > 0).ToDictionary();
        return new Measured(response, ms, byKind, peak, GC.GetTotalAllocatedBytes() - allocated);
    }

    public static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static void Log(string line) => Console.Error.WriteLine($"[bench] {line}");
}
