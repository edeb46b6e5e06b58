using Microsoft.Playwright;

namespace Splade.Tests.Shared.Browser;

/// <summary>Debian's headless chromium driven by Microsoft.Playwright: launched by its executable path (Playwright's own browser
/// download is never used), one isolated browser context per page so that each test starts with an empty session storage. Shared by
/// the dashboard's browser tests on one server (Splade.Server.Tests) and on a cluster (Splade.Cluster.Tests).</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>How long any wait on the page may take: generous, for a loaded two-core machine.</summary>
    public const float Patience = 120_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The executable: <c>SPLADE_CHROMIUM</c> when set, else Debian's <c>/usr/bin/chromium</c> (which <c>.ci/run</c>
    /// installs when it is missing).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("SPLADE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots go: <c>SPLADE_DASHBOARD_SCREENSHOTS</c>, else <c>dashboard-screenshots</c> beside the tests.</summary>
    public static string ScreenshotFolder => Environment.GetEnvironmentVariable("SPLADE_DASHBOARD_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    public static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"No chromium at {ExecutablePath}: install Debian's (apt-get install -y chromium; .ci/run does) or set SPLADE_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = Patience,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                    "--disable-component-update", "--force-color-profile=srgb", "--hide-scrollbars"],
            });
            return new BrowserSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page in its own context at the given viewport, the API key (when given) already in its session storage as the
    /// key dialog stores it, opened on a panel of the dashboard at <paramref name="server"/>.</summary>
    public async Task<DashboardPage> OpenAsync(
        Uri server, string? panel, string? apiKey, int width = 1280, int height = 900, bool mobile = false)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            DeviceScaleFactor = 1,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(Patience);
        if (apiKey is not null)
        {
            await context.AddInitScriptAsync($"sessionStorage.setItem('splade.apiKey', {System.Text.Json.JsonSerializer.Serialize(apiKey)});");
        }

        var page = new DashboardPage(await context.NewPageAsync(), server);
        if (panel is not null)
        {
            await page.GotoAsync($"/dashboard/#{panel}");
        }

        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
