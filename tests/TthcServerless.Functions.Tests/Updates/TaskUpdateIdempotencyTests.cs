using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Feedback;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Updates;

/// <summary>
/// An Idempotency-Key stands for one request, whatever happens between its tries: the clock passing a reporting cut-off,
/// or a first try refused before anything was written. (The app here has no queue runner: updates stay queued.)
/// </summary>
public sealed class TaskUpdateIdempotencyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly SettableClock _clock = new();
    private TestApp? _app;
    private string _agencyKey = string.Empty;

    private TestApp App => _app!;

    public async ValueTask InitializeAsync()
    {
        _app = new TestApp(azurite.ConnectionString).WithServices(s => s.AddSingleton<TimeProvider>(_clock));
        using var admin = App.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        _agencyKey = await SampleData.IssueAgencyKeyAsync(admin, UpdatesFixture.Justice);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_retry_after_the_cut_off_returns_the_first_id_and_its_period()
    {
        using var agency = App.ClientWithKey(_agencyKey);
        var body = new { status = "in-progress", progressPercent = 40 };

        // 23:59 on 14/3/2026 falls in the March period (15/2–14/3); a minute after midnight is April's.
        _clock.Set(new DateTimeOffset(2026, 3, 14, 23, 59, 30, Vietnam));
        using var first = await UpdatesFixture.PostAsync(agency, "III.1", body, "justice-III.1-retry");
        _clock.Set(new DateTimeOffset(2026, 3, 15, 0, 1, 0, Vietnam));
        using var retry = await UpdatesFixture.PostAsync(agency, "III.1", body, "justice-III.1-retry");

        var firstAnswer = await Accepted(first);
        var retryAnswer = await Accepted(retry);
        Assert.Equal(firstAnswer.GetProperty("updateId").GetString(), retryAnswer.GetProperty("updateId").GetString());
        Assert.Equal("2026-03", firstAnswer.GetProperty("period").GetString());
        Assert.Equal("2026-03", retryAnswer.GetProperty("period").GetString());
    }

    [Fact]
    public async Task A_request_too_large_to_queue_leaves_its_key_free()
    {
        using var agency = App.ClientWithKey(_agencyKey);
        _clock.Reset();
        // Within the length rules and, sent as plain UTF-8, within the 64 KiB body limit (23 KB); escaped in the queue
        // message (12 bytes a pair) it is over the message limit.
        var wide = string.Concat(Enumerable.Repeat("😀", 1900));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/plans/{UpdatesFixture.Plan}/tasks/III.1/updates", UriKind.Relative))
        {
            Content = new StringContent($$"""{"status":"in-progress","summary":"{{wide}}","difficulties":"{{wide}}","proposals":"{{wide}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "justice-III.1-large");
        using var tooLarge = await agency.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var corrected = await UpdatesFixture.PostAsync(agency, "III.1", new { status = "in-progress", summary = "Đã rút gọn" }, "justice-III.1-large");

        Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
    }

    private static async Task<JsonElement> Accepted(HttpResponseMessage response)
    {
        await SampleData.EnsureAsync(response, HttpStatusCode.Accepted);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
