using System.Net;
using TthcServerless.Functions.Webhooks;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>The SSRF rules on their own, with loopback allowed and not.</summary>
public sealed class WebhookAddressPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("https://[::1]/hook")]
    public void Loopback_is_refused_unless_the_setting_allows_it(string url)
    {
        Assert.NotNull(WebhookAddressPolicy.ProblemWith(url, allowLoopbackHttp: false, out _));
    }

    [Fact]
    public void Loopback_http_is_allowed_with_the_setting()
    {
        Assert.Null(WebhookAddressPolicy.ProblemWith("http://127.0.0.1:8080/hook", allowLoopbackHttp: true, out _));
    }

    [Fact]
    public void Http_to_a_public_name_is_refused_even_with_the_setting()
    {
        Assert.NotNull(WebhookAddressPolicy.ProblemWith("http://example.vn/hook", allowLoopbackHttp: true, out _));
    }

    [Fact]
    public void Https_to_a_public_name_is_allowed()
    {
        Assert.Null(WebhookAddressPolicy.ProblemWith("https://hooks.example.vn/tthc", allowLoopbackHttp: false, out _));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.31.255.1")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:192.168.0.1")]
    public void An_address_inside_the_network_is_refused_at_connect(string address)
    {
        Assert.True(WebhookAddressPolicy.IsForbidden(IPAddress.Parse(address), allowLoopback: true));
    }

    [Theory]
    [InlineData("203.113.131.1")]
    [InlineData("2001:ee0::1")]
    public void A_public_address_is_allowed_at_connect(string address)
    {
        Assert.False(WebhookAddressPolicy.IsForbidden(IPAddress.Parse(address), allowLoopback: false));
    }
}
