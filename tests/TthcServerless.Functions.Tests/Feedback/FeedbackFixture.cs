using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Tests.Updates;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>
/// The app on a real port with the local trigger runner (so IngestFeedback runs through the invocation contract), fast
/// queues, the sample agency registry, agency keys for two agencies and an analyst key; a clock the tests can set; and
/// every log line written, at every level, kept for inspection. Public rate limits are high here (their own tests set
/// them low).
/// </summary>
public sealed class FeedbackFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Justice = "so-tu-phap";
    public const string Health = "so-y-te";

    public SettableClock Clock { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public TestApp App { get; private set; } = null!;

    public Dictionary<string, string> AgencyKeys { get; } = new(StringComparer.Ordinal);

    public string AnalystKey { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        App = UpdatesFixture.FastQueues(new TestApp(azurite.ConnectionString))
            .WithSetting("Tthc:Feedback:RateLimit:SubmitPermitLimit", "10000")
            .WithSetting("Tthc:Feedback:RateLimit:TrackPermitLimit", "10000")
            .WithSetting("Logging:LogLevel:Default", "Trace")
            .WithServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<ILoggerProvider>(Logs);
            })
            .WithKestrel();
        using var admin = App.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        foreach (var agency in new[] { Justice, Health })
        {
            AgencyKeys[agency] = await SampleData.IssueAgencyKeyAsync(admin, agency);
        }

        AnalystKey = await SampleData.IssueKeyAsync(admin, "analyst");
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public HttpClient Agency(string agencyId) => App.ClientWithKey(AgencyKeys[agencyId]);

    public HttpClient Public() => App.ClientWithKey(null);

    public const string Content = "Cán bộ yêu cầu nộp thêm bản sao giấy tờ không có trong quy định.";

    /// <summary>A valid submission with distinctive personal data (so logs and answers can be searched for it).</summary>
    public static object Submission(string marker, string kind = "phan-anh") => new
    {
        kind,
        subject = "Thủ tục đăng ký khai sinh",
        content = Content,
        agencyConcerned = "UBND xã Tân Mỹ Chánh",
        submitter = new
        {
            name = $"Nguyễn Văn {marker}",
            phone = "0901 234 567",
            email = $"{marker.ToLowerInvariant()}@example.vn",
            address = $"Số 12 đường {marker}, phường 5, Mỹ Tho",
        },
    };

    /// <summary>Submits and returns the tracking code (asserting 202).</summary>
    public static async Task<string> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsync(new Uri("/api/feedback", UriKind.Relative), JsonContent.Create(body));
        await SampleData.EnsureAsync(response, HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
    }

    /// <summary>Polls the public tracking URL until the case is stored; returns its tracking answer.</summary>
    public async Task<JsonElement> WaitForCaseAsync(string code, TimeSpan? patience = null)
    {
        using var client = Public();
        using var deadline = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await client.GetAsync(new Uri($"/api/feedback/track/{code}", UriKind.Relative), deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
            }

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Submits as the public and waits until the case is stored.</summary>
    public async Task<string> SubmitAndWaitAsync(string marker)
    {
        using var client = Public();
        var code = await SubmitAsync(client, Submission(marker));
        await WaitForCaseAsync(code);
        return code;
    }

    public static Task<HttpResponseMessage> MoveAsync(HttpClient client, string code, string action, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/feedback/{code}/{action}", UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>Moves a case and asserts 200; returns the case as answered.</summary>
    public static async Task<JsonElement> MoveOkAsync(HttpClient client, string code, string action, object? body = null)
    {
        using var response = await MoveAsync(client, code, action, body);
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetCaseAsync(HttpClient client, string code)
    {
        using var response = await client.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative));
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Walks a fresh case to Handling at Sở Tư pháp (receive, classify in scope, assign, start).</summary>
    public async Task<string> HandlingAtJusticeAsync(string marker)
    {
        var code = await SubmitAndWaitAsync(marker);
        using var admin = App.AdminClient();
        using var agency = Agency(Justice);
        await MoveOkAsync(admin, code, "receive");
        await MoveOkAsync(admin, code, "classify", new { inScope = true, topic = "regulation" });
        await MoveOkAsync(admin, code, "assign", new { agencyId = Justice });
        await MoveOkAsync(agency, code, "start-handling");
        return code;
    }

    public TableClient Table(string name) => App.Services.GetRequiredService<TableServiceClient>().GetTableClient(App.Prefix + name);

    public QueueClient Queue(string name) => App.Services.GetRequiredService<QueueServiceClient>().GetQueueClient($"{App.Prefix}-{name}");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

/// <summary>The wall clock moved to a chosen instant: timers still run in real time, "now" is wherever a test puts it.</summary>
public sealed class SettableClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Makes "now" the given instant (and let it run on from there).</summary>
    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);

    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>Every log line the app writes: category, level, the formatted message, the exception and every scope value.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(CultureInfo.InvariantCulture, $" {key}={value}");
                }
            }

            owner._scopes.ForEachScope((scope, builder) =>
            {
                builder.Append(CultureInfo.InvariantCulture, $" scope={scope}");
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $" {key}={value}");
                    }
                }
            }, line);
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }

            owner._lines.Enqueue(line.ToString());
        }
    }
}
