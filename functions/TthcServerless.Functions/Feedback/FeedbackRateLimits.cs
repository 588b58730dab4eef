using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Hosting;

namespace TthcServerless.Functions.Feedback;

/// <summary>
/// Per-client limits on the public feedback endpoints (ASP.NET Core rate limiting): a client is its IP
/// address, an IPv6 client its /64 (one subscriber's whole block, which it could otherwise rotate through). Requests with
/// a valid staff key are not limited. A refused request gets 429 problem+json with <c>Retry-After</c> in seconds.
/// </summary>
internal static class FeedbackRateLimits
{
    public const string Submit = "feedback-submit";
    public const string Track = "feedback-track";

    public static IServiceCollection AddFeedbackRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(Submit, context => Partition(context, o => (o.SubmitPermitLimit, o.SubmitWindow)));
            options.AddPolicy(Track, context => Partition(context, o => (o.TrackPermitLimit, o.TrackWindow)));
        });
        return services;
    }

    /// <summary>
    /// The client's address as the limiter sees it. Standalone, the connection's peer. Under the Functions host every
    /// request comes from the host's proxy on loopback, so the client is read from X-Forwarded-For: the entry
    /// <paramref name="hops"/> from the right, the one written by a proxy rather than by the client (entries further left
    /// are whatever the client sent). Without a usable entry, the peer address.
    /// </summary>
    public static string ClientKey(HttpContext context, string source, int hops, HostingMode mode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var useForwarded = source == "forwarded" || (source == "auto" && mode == HostingMode.CustomHandler);
        IPAddress? address = null;
        if (useForwarded)
        {
            var entries = context.Request.Headers["X-Forwarded-For"].ToString()
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (entries.Length >= hops)
            {
                address = ParseAddress(entries[^hops]);
            }
        }

        address ??= context.Connection.RemoteIpAddress;
        return address is null ? "unknown" : KeyOf(address);
    }

    /// <summary>"203.0.113.7", "203.0.113.7:51234", "[2001:db8::1]:443" or "2001:db8::1" to an address; null if none.</summary>
    public static IPAddress? ParseAddress(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPAddress.TryParse(text, out var plain))
        {
            return plain;
        }

        return IPEndPoint.TryParse(text, out var endpoint) ? endpoint.Address : null;
    }

    private static string KeyOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Func<FeedbackRateLimitOptions, (int Permits, TimeSpan Window)> select)
    {
        // Staff who enter feedback (the office, agencies) are not limited; an analyst key counts as a client like any other.
        if (context.User.Identity?.IsAuthenticated == true && Caller.From(context.User) is { IsAdmin: true } or { IsAgency: true })
        {
            return RateLimitPartition.GetNoLimiter("staff");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<FeedbackOptions>>().Value.RateLimit;
        var mode = context.RequestServices.GetRequiredService<HostingProfile>().Mode;
        var (permits, window) = select(options);
        // A token bucket: a burst of `permits`, then one more every window / permits. Same average as a fixed window,
        // and its Retry-After is the wait for the next token rather than for the end of a whole window.
        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context, options.ClientAddress, options.ForwardedHops, mode), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = window / permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Gửi quá nhiều yêu cầu",
                Detail = $"Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau {seconds} giây.",
            },
        }).ConfigureAwait(false);
    }
}
