using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TthcServerless.Samples;

/// <summary>
/// <c>dotnet run --project samples/TthcServerless.Samples -- "&lt;storage connection string&gt;"</c>
/// loads the sample registry, the 2022 plan and its synthetic year into an empty store (samples/README.md); a store that
/// already has a plan is left alone. Progress goes to stderr; exit code 0 when loaded or already there.
/// </summary>
internal static class SampleLoader
{
    public static async Task<int> Main(string[] args)
    {
        var storage = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage")
            ?? throw new ArgumentException("Give the storage connection string (or set AzureWebJobsStorage).");

        var clock = new ShiftedClock(new DateTimeOffset(SampleYear.Year, 1, 7, 8, 0, 0, TimeSpan.FromHours(7)));
        await using var app = new SampleApp(storage, clock);
        using var admin = app.Client(SampleApp.AdminKey);
        using (var plans = await admin.GetAsync(new Uri("/api/plans", UriKind.Relative)))
        {
            plans.EnsureSuccessStatusCode();
            using var listed = System.Text.Json.JsonDocument.Parse(await plans.Content.ReadAsStringAsync());
            if (listed.RootElement.GetArrayLength() > 0)
            {
                Say("the store already has a plan; the sample year is not loaded again");
                return 0;
            }
        }

        var samples = Path.Combine(AppContext.BaseDirectory, "tien-giang");
        await PostAsync(admin, "/api/agencies/import", await File.ReadAllTextAsync(Path.Combine(samples, "agencies.json")), "application/json");
        await PostAsync(admin, $"/api/plans/import?planId={SampleYear.PlanId}", await File.ReadAllTextAsync(Path.Combine(samples, "ke-hoach-kstthc-2022.txt")), "text/plain");
        Say($"registry and plan {SampleYear.PlanId} loaded (as on 07/01/{SampleYear.Year})");

        var started = DateTimeOffset.UtcNow;
        var summary = await new SampleYear(admin, app.Client, clock).ReplayAsync(CancellationToken.None);
        Say($"sample year loaded in {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s: {summary.Updates} progress reports from {summary.AgenciesReporting} agencies, "
            + $"{summary.FeedbackCases} PAKN cases ({string.Join(", ", summary.FinalStages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"))})");
        return 0;
    }

    private static void Say(string line) => Console.Error.WriteLine($"[samples] {line}");

    private static async Task PostAsync(HttpClient client, string route, string body, string mediaType)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"POST {route} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>
/// The real app in this process on a loopback port (the local runner drains its queues), on the shifted clock, with
/// every timer disabled so no report or reminder is made "in" 2022 while the year is replayed.
/// </summary>
internal sealed class SampleApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "tthc-sample-loader-admin-key-0123456789";
    private readonly string _storage;
    private readonly ShiftedClock _clock;

    public SampleApp(string storage, ShiftedClock clock)
    {
        // WebApplicationFactory finds a test project's app through files its build writes; a console app says it here.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TTHCSERVERLESS_FUNCTIONS", AppContext.BaseDirectory);
        _storage = storage;
        _clock = clock;
        UseKestrel();
        StartServer();
    }

    public HttpClient Client(string key)
    {
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("AzureWebJobsStorage", _storage);
        builder.UseSetting("Tthc:AdminApiKey", AdminKey);
        builder.UseSetting("Tthc:Province", Environment.GetEnvironmentVariable("Tthc__Province") ?? "tien-giang");
        builder.UseSetting("Tthc:LocalRunner:Enabled", "true");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in SampleYear.HostSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
    }
}
