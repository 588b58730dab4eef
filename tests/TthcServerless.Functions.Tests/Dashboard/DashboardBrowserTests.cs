using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Dashboard;

/// <summary>
/// The page in a real browser (Debian's Chromium through Playwright) against the app on a loopback port with the sample
/// plan and a few reports: what an office user sees. Waits on the page's own state (<c>body[data-state]</c>), never on time.
/// </summary>
public sealed class DashboardBrowserTests(DashboardSampleFixture sample, ChromiumFixture chromium)
    : IClassFixture<DashboardSampleFixture>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private IBrowserContext? _context;
    private readonly List<string> _consoleErrors = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IPage> OpenAsync(string query = "")
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "vi-VN" });
        var page = await _context.NewPageAsync();
        // Chromium logs every 4xx as a console error; the one refusal the page expects (401 before a key is entered) is
        // checked by URL below, any other failed request or script error fails the test.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _consoleErrors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !(response.Status == 401 && new Uri(response.Url).AbsolutePath == "/api/dashboard/data"))
            {
                _consoleErrors.Add($"{response.Status} {response.Url}");
            }
        };
        page.PageError += (_, error) => _consoleErrors.Add(error);
        await page.GotoAsync($"{sample.BaseAddress}/api/dashboard{query}");
        return page;
    }

    private static async Task EnterKeyAsync(IPage page, string key)
    {
        await page.WaitForSelectorAsync("body[data-state='key']");
        await page.FillAsync("#key-input", key);
        await page.ClickAsync("#key-form button[type=submit]");
        await page.WaitForSelectorAsync("body[data-state='ready']");
    }

    [Fact]
    public async Task Without_a_key_the_page_asks_for_one_and_shows_no_figures()
    {
        var page = await OpenAsync();

        await page.WaitForSelectorAsync("body[data-state='key']");

        Assert.True(await page.IsVisibleAsync("#key-dialog"));
        Assert.Equal(0, await page.Locator(".card").CountAsync());
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task With_the_admin_key_the_cards_show_the_numbers_the_data_endpoint_gives()
    {
        var page = await OpenAsync($"?planId={SampleData.PlanId}&period={DashboardSampleFixture.Period}");
        await EnterKeyAsync(page, TestApp.AdminKey);

        var data = await sample.DataAsync($"planId={SampleData.PlanId}&period={DashboardSampleFixture.Period}", Ct);
        var shown = 0;
        foreach (var kpi in data.GetProperty("kpis").EnumerateArray())
        {
            var key = kpi.GetProperty("key").GetString();
            var text = await page.Locator($".card[data-kpi='{key}'] .value").InnerTextAsync();
            Assert.Equal(Expected(kpi), Shown(text));
            shown++;
        }

        Assert.Equal(9, shown);
        Assert.Contains(data.GetProperty("kpis").EnumerateArray(), k => k.GetProperty("value").ValueKind == JsonValueKind.Number && k.GetProperty("value").GetDouble() > 0);
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Choosing_another_period_redraws_for_it_and_keeps_it_in_the_url()
    {
        var page = await OpenAsync($"?planId={SampleData.PlanId}&period={DashboardSampleFixture.Period}");
        await EnterKeyAsync(page, TestApp.AdminKey);
        var before = await page.InnerTextAsync("#period-note");

        await page.SelectOptionAsync("#f-kind", "month");
        await page.WaitForSelectorAsync("body[data-state='ready']");
        await page.SelectOptionAsync("#f-period", "2022-02");
        await page.WaitForFunctionAsync("() => document.body.dataset.state === 'ready' && document.querySelector('#period-note').textContent.includes('Tháng 02/2022')");

        Assert.Contains("period=2022-02", page.Url, StringComparison.Ordinal);
        Assert.NotEqual(before, await page.InnerTextAsync("#period-note"));
        var data = await sample.DataAsync($"planId={SampleData.PlanId}&period=2022-02", Ct);
        var assigned = data.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("key").GetString() == "assigned");
        Assert.Equal(Expected(assigned), Shown(await page.Locator(".card[data-kpi='assigned'] .value").InnerTextAsync()));
        Assert.True(await page.Locator("#chart-trend svg").CountAsync() > 0);
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task A_shared_link_opens_on_the_view_it_names()
    {
        var page = await OpenAsync($"?planId={SampleData.PlanId}&period=2022-H1&level=tinh");
        await EnterKeyAsync(page, TestApp.AdminKey);

        Assert.Equal("half-year", await page.InputValueAsync("#f-kind"));
        Assert.Equal("2022-H1", await page.InputValueAsync("#f-period"));
        Assert.Equal("tinh", await page.InputValueAsync("#f-level"));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task The_sample_dashboard_renders_every_chart_and_is_saved_as_a_picture()
    {
        var page = await OpenAsync($"?planId={SampleData.PlanId}&period={DashboardSampleFixture.Period}");
        await EnterKeyAsync(page, TestApp.AdminKey);

        foreach (var chart in new[] { "#chart-sections", "#chart-ranking", "#chart-trend", "#chart-pakn-stage" })
        {
            Assert.True(await page.Locator($"{chart} svg").CountAsync() > 0, chart);
        }

        Assert.True(await page.Locator("#overdue tbody tr").CountAsync() > 0);
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-sample.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 20_000);
        Assert.Empty(_consoleErrors);
    }

    // Browsers and .NET differ only in the spacing around a percent sign.
    private static string Shown(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string Expected(JsonElement kpi)
    {
        var value = kpi.GetProperty("value");
        if (value.ValueKind == JsonValueKind.Null)
        {
            return "—";
        }

        var culture = CultureInfo.GetCultureInfo("vi-VN");
        return kpi.GetProperty("format").GetString() == "rate"
            ? (value.GetDouble() * 100).ToString("0.0", culture) + "%"
            : value.GetDouble().ToString("#,0", culture);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }
}
