using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Tests.Updates;
using TthcServerless.Functions.Updates;

namespace TthcServerless.Functions.Tests.Hardening;

/// <summary>
/// A burst of reports while the test's own Azurite is killed with SIGKILL and started again on the same data folder:
/// every report answered 202 ends stored, once. Azurite loses what it acknowledged in its last seconds
/// (<see cref="AzuriteCrashDurabilityTests"/>); the sweep of accepted updates sends those again. Without the sweep
/// (<c>Tthc:Updates:Sweep:Enabled=false</c>) this test fails: in one run 205 of 490 accepted reports, all those accepted in
/// the burst before the kill, stayed <c>queued</c>.
/// </summary>
public sealed class StorageCrashTests
{
    private const int Reports = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_report_answered_202_is_stored_once_after_azurite_is_killed_mid_burst_and_restarted()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("tthc-azurite-crash-");
        await using var storage = await AzuriteProcess.StartPersistentAsync(data.FullName);
        await using var app = UpdatesFixture.FastQueues(new TestApp(storage.ConnectionString)).WithKestrel()
            .WithSetting("Tthc:LocalRunner:MessageLease", "00:00:03")
            .WithSetting("Tthc:Updates:Sweep:Interval", "00:00:01")
            .WithSetting("Tthc:Updates:Sweep:SettleTime", "00:00:08");
        using var admin = app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        using var agency = app.ClientWithKey(await SampleData.IssueAgencyKeyAsync(admin, UpdatesFixture.Justice));

        // One report first, and a save interval after it, so the queue and tables exist on disk before the crash.
        var warmUp = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.5", new { status = "in-progress", progressPercent = 1 }));
        await UpdatesFixture.WaitForOutcomeAsync(agency, warmUp, Patience);
        await Task.Delay(TimeSpan.FromSeconds(6), ct); // Azurite persists every 5 s: nothing in storage says it has, so this waits on the emulator's clock

        var accepted = new ConcurrentBag<string>();
        var refused = 0;
        var next = 0;
        var posting = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Reports)
            {
                using var response = await UpdatesFixture.PostAsync(agency, "III.5", new { status = "in-progress", progressPercent = next % 100 });
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updateId").GetString()!);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Interlocked.Increment(ref refused);
                }
            }
        }, ct)));

        using (var midBurst = new CancellationTokenSource(Patience))
        {
            while (accepted.Count < Reports * 2 / 5)
            {
                await Task.Delay(5, midBurst.Token);
            }
        }

        var acceptedBeforeKill = accepted.Count;
        await storage.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // how long the outage lasts: part of the scenario, not a wait for something to happen
        await storage.StartAsync();
        await posting;

        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in accepted)
        {
            try
            {
                states[id] = (await UpdatesFixture.WaitForOutcomeAsync(agency, id, states.Any(s => s.Value == "queued") ? TimeSpan.FromSeconds(1) : Patience)).GetProperty("state").GetString()!;
            }
            catch (OperationCanceledException)
            {
                states[id] = "queued";
            }
        }

        // An outcome can outlive the history row written before it (the emulator loses its last seconds unevenly), so
        // "stored" alone is not the end: wait until the sweep has confirmed every accepted update, row included (it
        // sends again the ones whose row is missing).
        var watched = app.Services.GetRequiredService<AcceptedUpdates>();
        using (var settling = new CancellationTokenSource(Patience))
        {
            while (watched.Count > 0)
            {
                await Task.Delay(100, settling.Token);
            }
        }

        var history = new List<string>();
        string? token = null;
        do
        {
            var page = await agency.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.5/updates?pageSize=100" + (token is null ? "" : $"&continuationToken={token}"), UriKind.Relative), ct);
            history.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("updateId").GetString()!));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        var sweep = app.Services.GetRequiredService<AcceptedUpdateSweep>();
        var lost = accepted.Except(history, StringComparer.Ordinal).Count();
        TestContext.Current.SendDiagnosticMessage(
            $"SIGKILL after {acceptedBeforeKill} accepted: {accepted.Count} answered 202, {refused} refused with 503; " +
            $"{accepted.Count - lost} of {accepted.Count} stored, {lost} lost, {states.Values.Count(s => s != "stored")} not 'stored'; " +
            $"{sweep.Redriven} sent again by the sweep; {history.Count - history.Distinct(StringComparer.Ordinal).Count()} duplicate rows");

        Assert.All(states, s => Assert.Equal("stored", s.Value));
        Assert.Equal(0, lost);
        Assert.Equal(history.Count, history.Distinct(StringComparer.Ordinal).Count());
        Assert.InRange(history.Count - accepted.Count - 1, 0, refused); // the warm-up report, and 503s storage took after all
    }
}
