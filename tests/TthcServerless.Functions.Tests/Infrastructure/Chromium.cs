using Microsoft.Playwright;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (which cannot download a browser of its own here). scripts/test.sh installs
/// it when it is missing (scripts/install-test-tools.sh); run any other way on a machine without it, the browser tests fail with the fix in the message
/// rather than skipping.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the dashboard's browser tests need Debian's Chromium. Run scripts/install-test-tools.sh (scripts/test.sh does) or `apt-get install chromium`.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // No sandbox inside containers; nothing of the browser may reach the network beyond the app under test.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
