using System.Net;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Dashboard;

/// <summary>The page and its files: served without a key (they hold no data), from the app itself, never from a CDN.</summary>
public sealed class DashboardPageTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly TestApp _app = new(azurite.ConnectionString);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_is_served_without_a_key_as_Vietnamese_html_with_a_strict_content_security_policy()
    {
        using var client = _app.ClientWithKey(null);
        using var response = await client.GetAsync(new Uri("/api/dashboard", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("Kiểm soát thủ tục hành chính", html, StringComparison.Ordinal);
        var policy = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_script_and_style_the_page_names_is_served_by_the_app_itself()
    {
        using var client = _app.ClientWithKey(null);
        var html = await client.GetStringAsync(new Uri("/api/dashboard", UriKind.Relative), Ct);
        var references = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+\\.(?:js|css))\"")
            .Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(3, references.Count);
        foreach (var reference in references)
        {
            Assert.StartsWith("/api/dashboard/assets/", reference, StringComparison.Ordinal);
            using var response = await client.GetAsync(new Uri(reference, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadAsByteArrayAsync(Ct)).Length > 100, reference);
        }
    }

    [Fact]
    public async Task The_chart_library_is_the_version_package_lock_pins()
    {
        using var client = _app.ClientWithKey(null);
        var script = await client.GetStringAsync(new Uri("/api/dashboard/assets/vendor/echarts.min.js", UriKind.Relative), Ct);
        using var lockFile = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "package-lock.json"), Ct));
        var pinned = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/echarts").GetProperty("version").GetString();

        Assert.Contains($"\"{pinned}\"", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/dashboard/assets/index.html")]
    [InlineData("/api/dashboard/assets/missing.js")]
    [InlineData("/api/dashboard/assets/../TthcServerless.Functions.dll")]
    public async Task Anything_else_under_the_assets_path_is_not_found(string path)
    {
        using var client = _app.ClientWithKey(null);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
