using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Reminders;

namespace TthcServerless.Functions.Webhooks;

/// <summary>Webhook settings (section <c>Tthc:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Tthc:Webhooks";

    /// <summary>Allow <c>http</c> to loopback addresses: local runs and tests only, off in every deployed environment.</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>How long a receiver may take to answer (connect included).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>A connection refused by the SSRF rules at connect time (a name that resolved inside the network).</summary>
internal sealed class WebhookAddressRefusedException(string message) : IOException(message);

/// <summary>
/// Delivers a digest to a webhook as Standard Webhooks 1.0 prescribes: a JSON POST with <c>webhook-id</c> (the digest id,
/// the same on every retry, for the receiver to deduplicate on), <c>webhook-timestamp</c> (unix seconds of this attempt)
/// and <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c> with the endpoint's secret.
/// 2xx is success; 410 Gone disables the endpoint; anything else is retried, after the receiver's <c>Retry-After</c>
/// when it sends one. Redirects are not followed; every address connected to passes <see cref="WebhookAddressPolicy"/>.
/// One client for the app (connection pooling; DNS refreshed every few minutes).
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        var allowLoopback = options.Value.AllowLoopbackHttp;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Value.Timeout,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowLoopback, cancellationToken),
        };
        _http = new HttpClient(handler) { Timeout = options.Value.Timeout };
    }

    public void Dispose() => _http.Dispose();

    public async Task<DeliveryOutcome> SendAsync(Webhook webhook, StoredDigest digest, string province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(digest);
        var body = Payload(digest, province);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", digest.DigestId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Sign(webhook.Secret, digest.DigestId, timestamp, body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new DeliveryOutcome(DeliveryResult.Delivered);
            }

            if (response.StatusCode == HttpStatusCode.Gone)
            {
                return new DeliveryOutcome(DeliveryResult.Gone, "The receiver answered 410 Gone: the endpoint is disabled.");
            }

            var reason = status is >= 300 and < 400
                ? $"The receiver answered {status} (a redirect, which is not followed)."
                : $"The receiver answered {status}.";
            return new DeliveryOutcome(DeliveryResult.Retry, reason, RetryAfter(response));
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException refused)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"The receiver could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, "The receiver did not answer in time.");
        }
    }

    /// <summary>The signature header value: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> under the secret's bytes.</summary>
    public static string Sign(string secret, string id, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>
    /// The body: the same bytes on every attempt of a digest (its timestamp is the digest's creation). The lines are the
    /// ones the message shows; the inbox keeps them all. No personal data of citizens is in a digest.
    /// </summary>
    public static string Payload(StoredDigest digest, string province)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return JsonSerializer.Serialize(
            new
            {
                type = "reminder.digest",
                timestamp = digest.CreatedAt,
                data = new
                {
                    digestId = digest.DigestId,
                    province,
                    date = digest.Date,
                    recipient = digest.RecipientId,
                    recipientName = digest.RecipientName,
                    subject = digest.Message.Subject,
                    text = digest.Message.Text,
                    lineCount = digest.LineCount,
                    linesOmitted = digest.Message.LinesOmitted,
                    lines = digest.ShownLines,
                    inbox = $"/api/inbox/{digest.DigestId}",
                },
            },
            ApiJson.Default);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero : null;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowLoopback, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var http = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
        if (addresses.Length == 0 || addresses.Any(a => WebhookAddressPolicy.IsForbidden(a, allowLoopback) || (http && !IPAddress.IsLoopback(a))))
        {
            throw new WebhookAddressRefusedException($"The webhook's host {host} resolves to an address deliveries may not go to (private, link-local or loopback).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
