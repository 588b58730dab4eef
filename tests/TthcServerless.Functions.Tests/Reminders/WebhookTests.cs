using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>Signed webhooks (Standard Webhooks 1.0) to a receiver on loopback; each test registers its own and removes it.</summary>
public sealed class WebhookTests(ReminderFixture fixture) : IClassFixture<ReminderFixture>
{
    private const string Justice = ReminderFixture.Justice;

    [Fact]
    public async Task Registering_a_webhook_answers_201_with_a_whsec_secret()
    {
        using var admin = fixture.App.AdminClient();

        var (id, secret) = await RegisterAsync(admin, new Uri("http://127.0.0.1:9/hook"));
        try
        {
            Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
            Assert.Equal(32, Convert.FromBase64String(secret[6..]).Length);
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task The_secret_is_never_shown_again()
    {
        using var admin = fixture.App.AdminClient();
        var (id, secret) = await RegisterAsync(admin, new Uri("http://127.0.0.1:9/hook"));
        try
        {
            using var response = await admin.GetAsync(new Uri("/api/webhooks", UriKind.Relative), TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Contains(id, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[6..], text, StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task A_delivery_verifies_with_the_StandardWebhooks_package_and_names_the_digest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = fixture.App.AdminClient();
        var (id, secret) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-03-24");
            var received = (await receiver.WaitForAsync(1))[0];

            new StandardWebhook(secret).Verify(received.Body, Headers(received));
            Assert.Equal("rem-tien-giang-20260324-so-tu-phap", received.Headers["webhook-id"]);
            Assert.Equal("rem-tien-giang-20260324-so-tu-phap", JsonDocument.Parse(received.Body).RootElement.GetProperty("data").GetProperty("digestId").GetString());
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task A_tampered_body_fails_verification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = fixture.App.AdminClient();
        var (id, secret) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-03-27");
            var received = (await receiver.WaitForAsync(1))[0];

            var tampered = received.Body.Replace("so-tu-phap", "so-y-te", StringComparison.Ordinal);
            Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(secret).Verify(tampered, Headers(received)));
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_the_same_webhook_id_each_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script = n => (n <= 2 ? 500 : 200, null);
        using var admin = fixture.App.AdminClient();
        var (id, _) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-03-31");
            var received = await receiver.WaitForAsync(3);

            Assert.Equal(["rem-tien-giang-20260331-so-tu-phap"], received.Select(r => r.Headers["webhook-id"]).Distinct());
            var digest = await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260331-so-tu-phap", d => ReminderFixture.ChannelState(d, "webhook:") == "sent");
            Assert.Equal(3, Channel(digest, "webhook:").GetProperty("attempts").GetInt32());
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task A_410_disables_the_endpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script = _ => (410, null);
        using var admin = fixture.App.AdminClient();
        var (id, _) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-04-01");
            await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260401-so-tu-phap", d => ReminderFixture.ChannelState(d, "webhook:") == "disabled");

            var webhooks = await ReminderFixture.GetAsync(admin, "/api/webhooks");
            Assert.Equal("disabled", webhooks.EnumerateArray().Single(w => w.GetProperty("webhookId").GetString() == id).GetProperty("state").GetString());
            Assert.Single(receiver.Received);
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task Retry_After_is_waited_for_before_the_next_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script = n => n == 1 ? (503, new Dictionary<string, string> { ["Retry-After"] = "2" }) : (200, null);
        using var admin = fixture.App.AdminClient();
        var (id, _) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-06-23");
            var received = await receiver.WaitForAsync(2);

            Assert.True(received[1].ReceivedAt - received[0].ReceivedAt >= TimeSpan.FromSeconds(1.9), $"{received[1].ReceivedAt - received[0].ReceivedAt}");
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task A_receiver_that_always_fails_is_given_up_with_the_reason_and_the_message_poisoned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script = _ => (500, null);
        using var admin = fixture.App.AdminClient();
        var (id, _) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-06-26");
            var digest = await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260626-so-tu-phap", d => ReminderFixture.ChannelState(d, "webhook:") == "failed");

            Assert.Contains("500", Channel(digest, "webhook:").GetProperty("lastError").GetString(), StringComparison.Ordinal);
            var poison = new QueueServiceClient(fixture.Azurite.ConnectionString).GetQueueClient($"{fixture.App.Prefix}-reminders-poison");
            await WaitUntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(32)).Value.Length > 0);
            Assert.Equal(3, receiver.Received.Count);
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script = _ => (302, new Dictionary<string, string> { ["Location"] = "http://10.0.0.1/steal" });
        using var admin = fixture.App.AdminClient();
        var (id, _) = await RegisterAsync(admin, receiver.Url);
        try
        {
            await ReminderFixture.RunAsync(admin, "2026-06-30");
            var digest = await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260630-so-tu-phap", d => ReminderFixture.ChannelState(d, "webhook:") == "failed");

            Assert.Contains("redirect", Channel(digest, "webhook:").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await DeleteAsync(admin, id);
        }
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://172.16.5.4/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://example.vn/hook")]
    [InlineData("ftp://example.vn/hook")]
    [InlineData("https://user:pass@example.vn/hook")]
    [InlineData("not a url")]
    public async Task A_url_inside_the_network_or_not_https_is_refused(string url)
    {
        using var admin = fixture.App.AdminClient();

        using var response = await admin.PostAsync(new Uri("/api/webhooks", UriKind.Relative), JsonContent.Create(new { recipient = Justice, url }), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task A_recipient_not_in_the_registry_is_refused()
    {
        using var admin = fixture.App.AdminClient();

        using var response = await admin.PostAsync(new Uri("/api/webhooks", UriKind.Relative),
            JsonContent.Create(new { recipient = "so-khong-co", url = "https://example.vn/hook" }), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Deleting_a_webhook_that_does_not_exist_is_404()
    {
        using var admin = fixture.App.AdminClient();

        using var response = await admin.DeleteAsync(new Uri("/api/webhooks/wh_khongco", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_agency_key_may_not_register_webhooks()
    {
        using var agency = fixture.Agency(Justice);

        using var response = await agency.PostAsync(new Uri("/api/webhooks", UriKind.Relative),
            JsonContent.Create(new { recipient = Justice, url = "https://example.vn/hook" }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<(string Id, string Secret)> RegisterAsync(HttpClient admin, Uri url)
    {
        using var response = await admin.PostAsync(new Uri("/api/webhooks", UriKind.Relative), JsonContent.Create(new { recipient = Justice, url }), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(response, HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (body.GetProperty("webhookId").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private static async Task DeleteAsync(HttpClient admin, string id)
    {
        using var response = await admin.DeleteAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static HeaderDictionary Headers(ReceivedWebhook received) => new()
    {
        ["webhook-id"] = received.Headers["webhook-id"],
        ["webhook-timestamp"] = received.Headers["webhook-timestamp"],
        ["webhook-signature"] = received.Headers["webhook-signature"],
    };

    private static JsonElement Channel(JsonElement digest, string prefix) =>
        digest.GetProperty("channels").EnumerateArray().First(c => c.GetProperty("channel").GetString()!.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
