using System.Net;
using System.Net.Sockets;

namespace TthcServerless.Functions.Webhooks;

/// <summary>
/// Where a webhook may point (SSRF rules, docs/reminders.md): an absolute <c>https</c> URL without user info, never to a
/// private, link-local, loopback, shared, multicast or unspecified address — except loopback <c>http</c> when
/// <c>Tthc:Webhooks:AllowLoopbackHttp</c> is on (local runs and tests only). Literal addresses are checked when the
/// webhook is registered; every address a host name resolves to is checked again when a delivery connects, so a DNS
/// answer cannot point a registered name inside the network later.
/// </summary>
internal static class WebhookAddressPolicy
{
    public const int MaxUrlLength = 2000;

    /// <summary>Why the URL may not be registered (Vietnamese, for the 400), or null when it may.</summary>
    public static string? ProblemWith(string? url, bool allowLoopbackHttp, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return $"url phải là địa chỉ tuyệt đối, tối đa {MaxUrlLength} ký tự.";
        }

        if (parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0)
        {
            return "url không được chứa thông tin đăng nhập hay phần #.";
        }

        var loopbackName = IsLoopbackName(parsed);
        if (parsed.Scheme == Uri.UriSchemeHttp)
        {
            if (!allowLoopbackHttp || !loopbackName)
            {
                return "Chỉ nhận url https (http chỉ cho máy cục bộ khi bật Tthc:Webhooks:AllowLoopbackHttp).";
            }
        }
        else if (parsed.Scheme != Uri.UriSchemeHttps)
        {
            return "Chỉ nhận url https.";
        }

        if (loopbackName && !allowLoopbackHttp)
        {
            return "url không được trỏ tới máy cục bộ (loopback).";
        }

        if (IPAddress.TryParse(parsed.DnsSafeHost, out var address) && IsForbidden(address, allowLoopbackHttp))
        {
            return "url không được trỏ tới địa chỉ nội bộ, link-local hay loopback.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Whether a connection to this address is refused.</summary>
    public static bool IsForbidden(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return !allowLoopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,             // shared address space (CGNAT)
                169 => b[1] == 254,                           // link-local, incl. the cloud metadata endpoint
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                               // multicast and reserved
                _ => false,
            };
        }

        return address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || address.IsIPv6Teredo;
    }

    /// <summary>Whether an http URL's every resolved address is loopback (the only http allowed).</summary>
    public static bool IsLoopbackName(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsLoopback || string.Equals(uri.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase)
            || uri.DnsSafeHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }
}
