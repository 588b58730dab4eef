using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>Per-client limits on the public endpoints: 429 problem+json with Retry-After; staff keys are not limited.</summary>
public sealed class FeedbackRateLimitTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestApp _app = new TestApp(azurite.ConnectionString)
        .WithSetting("Tthc:Feedback:RateLimit:SubmitPermitLimit", "2")
        .WithSetting("Tthc:Feedback:RateLimit:TrackPermitLimit", "3");

    private readonly TestApp _forwarded = new TestApp(azurite.ConnectionString)
        .WithSetting("Tthc:Feedback:RateLimit:SubmitPermitLimit", "2")
        .WithSetting("Tthc:Feedback:RateLimit:ClientAddress", "forwarded");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _forwarded.DisposeAsync();
    }

    /// <summary>An invalid submission: it is answered 400 and stores nothing, but it counts against the limit.</summary>
    private static StringContent Invalid() => new("{\"kind\":\"phan-anh\"}", Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_third_submission_in_the_window_is_refused_with_429_and_Retry_After()
    {
        using var client = _app.ClientWithKey(null);
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.PostAsync(new Uri("/api/feedback", UriKind.Relative), Invalid(), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }

        using var refused = await client.PostAsync(new Uri("/api/feedback", UriKind.Relative), Invalid(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Contains("Gửi quá nhiều yêu cầu", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // A staff key is not limited: the office enters letters and calls in bulk.
        using var admin = _app.AdminClient();
        using var staff = await admin.PostAsync(new Uri("/api/feedback", UriKind.Relative), JsonContent.Create(FeedbackFixture.Submission("Staff")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, staff.StatusCode);
    }

    [Fact]
    public async Task Tracking_look_ups_are_limited_too()
    {
        using var client = _app.ClientWithKey(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/feedback/track/PAKN-2345-6789", UriKind.Relative), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Behind_a_proxy_each_forwarded_client_has_its_own_allowance_and_a_forged_left_entry_changes_nothing()
    {
        using var client = _forwarded.ClientWithKey(null);

        async Task<HttpStatusCode> PostAsync(string forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/feedback", UriKind.Relative)) { Content = Invalid() };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("198.51.100.7:50123"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("198.51.100.7:50999"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("203.0.113.1, 198.51.100.7"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("198.51.100.8"));
    }

    [Theory]
    [InlineData("auto", "CustomHandler", "203.0.113.9, 198.51.100.7:443", "198.51.100.7")]
    [InlineData("auto", "Standalone", "198.51.100.7", "192.0.2.1")]
    [InlineData("forwarded", "Standalone", "[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64")]
    [InlineData("forwarded", "Standalone", "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("forwarded", "Standalone", "not an address", "192.0.2.1")]
    [InlineData("forwarded", "Standalone", "", "192.0.2.1")]
    [InlineData("connection", "CustomHandler", "198.51.100.7", "192.0.2.1")]
    public void The_client_is_read_from_the_right_place(string source, string mode, string forwardedFor, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.1");
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;

        Assert.Equal(expected, FeedbackRateLimits.ClientKey(context, source, 1, Enum.Parse<HostingMode>(mode)));
    }
}
