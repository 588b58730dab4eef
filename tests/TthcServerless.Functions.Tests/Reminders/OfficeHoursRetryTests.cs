using System.Net;
using System.Net.Http.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>The reminder app with retries held to office hours, as deployed.</summary>
public sealed class OfficeHoursFixture(AzuriteFixture azurite) : ReminderFixture(azurite)
{
    protected override bool HoldRetriesToOfficeHours => true;
}

/// <summary>A webhook retry that would land after 17:30 waits for 07:00 of the next working day; the inbox does not wait.</summary>
public sealed class OfficeHoursRetryTests(OfficeHoursFixture fixture) : IClassFixture<OfficeHoursFixture>
{
    [Fact]
    public async Task A_webhook_retry_failing_at_18_00_is_next_attempted_at_07_00_the_next_working_day()
    {
        // Tue 24/3/2026 18:00 ICT; Wed 25/3 is a working day.
        fixture.Clock.Set(new DateTimeOffset(2026, 3, 24, 18, 0, 0, TimeSpan.FromHours(7)));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script = _ => (500, null);
        using var admin = fixture.App.AdminClient();
        using (var registered = await admin.PostAsync(new Uri("/api/webhooks", UriKind.Relative),
            JsonContent.Create(new { recipient = ReminderFixture.Justice, url = receiver.Url }), TestContext.Current.CancellationToken))
        {
            await SampleData.EnsureAsync(registered, HttpStatusCode.Created);
        }

        await ReminderFixture.RunAsync(admin, "2026-03-24");

        var digest = await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260324-so-tu-phap",
            d => ReminderFixture.ChannelState(d, "webhook:") == "retrying" && ReminderFixture.ChannelState(d, "inbox") == "sent");
        var webhook = digest.GetProperty("channels").EnumerateArray().First(c => c.GetProperty("channel").GetString()!.StartsWith("webhook:", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 3, 25, 7, 0, 0, TimeSpan.FromHours(7)), webhook.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Single(receiver.Received);
        Assert.Equal(1, webhook.GetProperty("attempts").GetInt32());
    }
}
