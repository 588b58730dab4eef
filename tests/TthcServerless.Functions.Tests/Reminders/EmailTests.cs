using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MimeKit;
using netDumbster.smtp;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>The reminder fixture with email on, to a real SMTP server in process (netDumbster) and a mailbox for Sở Tư pháp.</summary>
public sealed class EmailFixture(AzuriteFixture azurite) : ReminderFixture(azurite)
{
    public const string Mailbox = "vanthu.stp@tiengiang.gov.vn";

    public SimpleSmtpServer Smtp { get; private set; } = null!;

    public override ValueTask InitializeAsync()
    {
        // netDumbster's Start(0) does not pick a free port: take one from the system first.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Smtp = SimpleSmtpServer.Start(port);
        return base.InitializeAsync();
    }

    protected override ValueTask DisposeMoreAsync()
    {
        Smtp.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override TestApp Configure(TestApp app) => app
        .WithSetting("Tthc:Email:Host", "127.0.0.1")
        .WithSetting("Tthc:Email:Port", Smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Tthc:Email:Security", "None")
        .WithSetting("Tthc:Email:From", "nhacviec@tiengiang.gov.vn");

    protected override string RegistryJson()
    {
        var registry = JsonNode.Parse(SampleData.RegistryJson)!;
        var justice = registry["agencies"]!.AsArray().Single(a => (string?)a!["id"] == Justice)!;
        justice["mailbox"] = Mailbox;
        return registry.ToJsonString();
    }
}

/// <summary>Email through SMTP: to the agency's mailbox from the registry, Vietnamese subject, Message-ID from the digest id.</summary>
public sealed class EmailTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task An_agency_with_a_mailbox_gets_its_digest_with_the_Vietnamese_subject_intact()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-24");

        var message = await WaitForEmailAsync("<rem-tien-giang-20260324-so-tu-phap@tiengiang.gov.vn>");

        Assert.Equal("Nhắc việc ngày 24/03/2026 - Sở Tư pháp", message.Subject);
        Assert.Equal(EmailFixture.Mailbox, message.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task The_message_id_is_the_digest_id()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-27");

        var message = await WaitForEmailAsync("<rem-tien-giang-20260327-so-tu-phap@tiengiang.gov.vn>");

        Assert.Equal("rem-tien-giang-20260327-so-tu-phap@tiengiang.gov.vn", message.MessageId);
    }

    [Fact]
    public async Task The_email_has_plain_text_and_html()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-31");

        var message = await WaitForEmailAsync("<rem-tien-giang-20260331-so-tu-phap@tiengiang.gov.vn>");

        Assert.Contains("Đến hạn hôm nay (1)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<h2>Đến hạn hôm nay (1)</h2>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_email_channel_is_recorded_as_sent()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-04-01");

        await ReminderFixture.WaitForDigestAsync(admin, "rem-tien-giang-20260401-so-tu-phap", d => ReminderFixture.ChannelState(d, "email") == "sent");
    }

    [Fact]
    public async Task An_agency_without_a_mailbox_gets_no_email_channel()
    {
        using var admin = fixture.App.AdminClient();
        await ReminderFixture.RunAsync(admin, "2026-03-24");

        var digest = await ReminderFixture.GetAsync(admin, "/api/reminders/digests/rem-tien-giang-20260324-so-y-te");

        Assert.Equal(["inbox"], digest.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));
    }

    private async Task<MimeMessage> WaitForEmailAsync(string messageId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (var email in fixture.Smtp.ReceivedEmail)
            {
                if (email.Headers["Message-ID"] == messageId)
                {
                    using var raw = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(email.Data));
                    return await MimeMessage.LoadAsync(raw, deadline.Token);
                }
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
