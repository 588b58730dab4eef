using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Feedback;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Tests.Updates;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>
/// The app on a real port with the local runner (DeliverReminder runs through the invocation contract), fast queues and
/// retries, loopback webhooks allowed, the sample registry and a small 2026 plan:
/// task 1 for Sở Tư pháp and task 2 for Sở Y tế due Quý I/2026 (Tue 31/3/2026: T−5 = Tue 24/3, T−2 = Fri 27/3, +1 =
/// Wed 1/4); task 3 for Sở Tư pháp due Quý II/2026 (Tue 30/6/2026: T−5 = Tue 23/6, T−2 = Fri 26/6, +1 = Wed 1/7).
/// </summary>
public class ReminderFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Justice = "so-tu-phap";
    public const string Health = "so-y-te";
    public const string PlanId = "kh-2026";

    public const string Plan = """
        | STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |
        |---|---|---|---|
        | 1 | Rà soát, đánh giá thủ tục hành chính lĩnh vực hộ tịch | Sở Tư pháp | Quý I/2026 |
        | 2 | Công bố danh mục thủ tục hành chính lĩnh vực y tế | Sở Y tế | Quý I/2026 |
        | 3 | Báo cáo kết quả rà soát quy định | Sở Tư pháp | Quý II/2026 |
        """;

    public AzuriteFixture Azurite { get; } = azurite;

    public SettableClock Clock { get; } = new();

    public TestApp App { get; private set; } = null!;

    public Dictionary<string, string> AgencyKeys { get; } = new(StringComparer.Ordinal);

    public string AnalystKey { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        App = Configure(UpdatesFixture.FastQueues(new TestApp(Azurite.ConnectionString)))
            .WithSetting("Tthc:Webhooks:AllowLoopbackHttp", "true")
            .WithSetting("Tthc:Webhooks:Timeout", "00:00:05")
            .WithSetting("Tthc:Reminders:RetryBaseDelay", "00:00:00")
            .WithSetting("Tthc:Reminders:MaxAttempts", "3")
            .WithSetting("Tthc:Reminders:HoldRetriesToOfficeHours", HoldRetriesToOfficeHours ? "true" : "false")
            .WithServices(services => services.AddSingleton<TimeProvider>(Clock))
            .WithKestrel();
        using var admin = App.AdminClient();
        using (var registry = new StringContent(RegistryJson(), System.Text.Encoding.UTF8, "application/json"))
        using (var imported = await admin.PostAsync(new Uri("/api/agencies/import", UriKind.Relative), registry))
        {
            await SampleData.EnsureAsync(imported, HttpStatusCode.OK);
        }

        await SampleData.ImportPlanTextAsync(admin, Plan, PlanId, year: 2026);
        foreach (var agency in new[] { Justice, Health })
        {
            AgencyKeys[agency] = await SampleData.IssueAgencyKeyAsync(admin, agency);
        }

        AnalystKey = await SampleData.IssueKeyAsync(admin, "analyst");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await DisposeMoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a derived fixture started beside the app.</summary>
    protected virtual ValueTask DisposeMoreAsync() => ValueTask.CompletedTask;

    /// <summary>Retries wait for office hours (off here: the tests' clock is the real one, often at night).</summary>
    protected virtual bool HoldRetriesToOfficeHours => false;

    /// <summary>More settings for a fixture of its own (email).</summary>
    protected virtual TestApp Configure(TestApp app) => app;

    /// <summary>The agency registry to load: the sample's.</summary>
    protected virtual string RegistryJson() => SampleData.RegistryJson;

    public HttpClient Agency(string agencyId) => App.ClientWithKey(AgencyKeys[agencyId]);

    public static async Task<JsonElement> RunAsync(HttpClient admin, string date, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await admin.PostAsync(new Uri($"/api/reminders/runs?date={date}", UriKind.Relative), null, TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Polls a digest until <paramref name="done"/> holds for it; returns it.</summary>
    public static async Task<JsonElement> WaitForDigestAsync(HttpClient admin, string digestId, Func<JsonElement, bool> done, TimeSpan? patience = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(patience ?? TimeSpan.FromSeconds(30));
        JsonElement digest = default;
        while (!deadline.IsCancellationRequested)
        {
            digest = await GetAsync(admin, $"/api/reminders/digests/{digestId}");
            if (done(digest))
            {
                return digest;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Digest {digestId} did not reach the expected state: {digest}");
        return digest;
    }

    /// <summary>Polls an inbox until it holds <paramref name="itemId"/>; returns the page.</summary>
    public static async Task<JsonElement> WaitForInboxAsync(HttpClient client, string itemId, string query = "")
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var page = await GetAsync(client, "/api/inbox" + query);
            if (page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("itemId").GetString() == itemId))
            {
                return page;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public static string ChannelState(JsonElement digest, string channelPrefix) =>
        digest.GetProperty("channels").EnumerateArray().First(c => c.GetProperty("channel").GetString()!.StartsWith(channelPrefix, StringComparison.Ordinal))
            .GetProperty("state").GetString()!;
}

/// <summary>A webhook receiver on a loopback port: answers each request by a script and keeps what it received.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Status (and headers) for the n-th request (1-based); 200 by default.</summary>
    public Func<int, (int Status, Dictionary<string, string>? Headers)> Script { get; set; } = _ => (200, null);

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.Received.Enqueue(new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow));
            var (status, extra) = receiver.Script(receiver.Received.Count);
            foreach (var (name, value) in extra ?? [])
            {
                context.Response.Headers[name] = value;
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? patience = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(patience ?? TimeSpan.FromSeconds(30));
        while (Received.Count < count)
        {
            await Task.Delay(50, deadline.Token);
        }

        return [.. Received];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt);
