using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TthcServerless.Functions.Reminders;

/// <summary>
/// Email settings (section <c>Tthc:Email</c>): the province's mail server for SMTP submission. Email is off until
/// <see cref="Host"/> and <see cref="From"/> are set. In Azure the password is a Key Vault reference.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Tthc:Email";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (the default, required on port 587), <c>SslOnConnect</c> (465), or <c>None</c> (local test servers only).</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>nhacviec@tiengiang.gov.vn</c>.</summary>
    public string? From { get; set; }

    public string FromName { get; set; } = "Văn phòng UBND tỉnh - Nhắc việc kiểm soát TTHC";

    /// <summary>The office's own mailbox for the office digest (optional).</summary>
    public string? OfficeMailbox { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

/// <summary>
/// Email to the recipient's official mailbox (the registry's <c>mailbox</c>, or <see cref="EmailOptions.OfficeMailbox"/>
/// for the office), plain text and HTML, with <c>Message-ID: &lt;{digestId}@{sender's domain}&gt;</c> so a repeated send
/// is recognisably the same message. A send that succeeded but whose state was not recorded (a crash in between) is the
/// one duplicate window left; mail clients thread it by the same Message-ID.
/// </summary>
internal sealed class EmailChannel(IOptions<EmailOptions> options, Agencies.AgencyRegistryStore registry) : IReminderChannel
{
    public const string Name = "email";

    public bool Handles(string channel) => channel == Name;

    public async Task<DeliveryOutcome> DeliverAsync(string province, StoredDigest digest, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var o = options.Value;
        if (!o.IsConfigured)
        {
            return new DeliveryOutcome(DeliveryResult.Skipped, "Email is not configured (Tthc:Email:Host, Tthc:Email:From).");
        }

        var to = await MailboxOfAsync(province, digest.RecipientId, cancellationToken).ConfigureAwait(false);
        if (to is null)
        {
            return new DeliveryOutcome(DeliveryResult.Skipped, "The recipient has no mailbox in the registry.");
        }

        using var message = Message(o, digest, to);
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, SecurityOf(o.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return new DeliveryOutcome(DeliveryResult.Delivered);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or AuthenticationException or IOException or System.Net.Sockets.SocketException
            or SslHandshakeException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"The mail server refused or could not be reached: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Whether email goes to this recipient: configured, and a mailbox known.</summary>
    public static bool Applies(EmailOptions options, string recipient, Func<string, string?> mailboxOf)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mailboxOf);
        return options.IsConfigured && (recipient == Domain.Reminders.ReminderRules.Office ? options.OfficeMailbox is { Length: > 0 } : mailboxOf(recipient) is not null);
    }

    internal static MimeMessage Message(EmailOptions o, StoredDigest digest, string to)
    {
        var from = new MailboxAddress(o.FromName, o.From!);
        var message = new MimeMessage
        {
            Subject = digest.RecipientName is null ? digest.Message.Subject : $"{digest.Message.Subject} - {digest.RecipientName}",
            MessageId = $"{digest.DigestId}@{from.Domain}",
            Body = new BodyBuilder { TextBody = digest.Message.Text, HtmlBody = digest.Message.Html }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(digest.RecipientName ?? digest.RecipientId, to));
        return message;
    }

    private async Task<string?> MailboxOfAsync(string province, string recipient, CancellationToken cancellationToken)
    {
        if (recipient == Domain.Reminders.ReminderRules.Office)
        {
            return options.Value.OfficeMailbox is { Length: > 0 } office ? office : null;
        }

        var (agencies, _) = await registry.GetAsync(province, cancellationToken).ConfigureAwait(false);
        return agencies.FindAgency(recipient)?.Mailbox;
    }

    private static SecureSocketOptions SecurityOf(string security) => security switch
    {
        "None" => SecureSocketOptions.None,
        "SslOnConnect" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
