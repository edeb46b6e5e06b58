using Microsoft.Playwright;

namespace Splade.Server.Tests.Dashboard;

/// <summary>One dashboard tab under Playwright, recording what a test must never see: script errors, console errors, a file of the
/// page that fails to load, and any request that leaves the server's origin. <see cref="AssertClean"/> fails on any of them.</summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly Uri _server;
    private readonly List<string> _errors = [];
    private readonly List<string> _foreign = [];

    public DashboardPage(IPage page, Uri server)
    {
        Page = page;
        _server = server;
        page.PageError += (_, error) => Record(_errors, error);
        page.Console += (_, message) =>
        {
            // An API error answer is logged by the browser as a failed load; the page shows it as a message, which tests check.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Record(_errors, message.Text);
            }
        };
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is not ("data" or "blob") && !(url.Scheme == _server.Scheme && url.Authority == _server.Authority))
            {
                Record(_foreign, request.Url);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && new Uri(response.Url).AbsolutePath.StartsWith("/dashboard", StringComparison.Ordinal))
            {
                Record(_errors, $"{response.Status} for {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    public ILocator this[string selector] => Page.Locator(selector);

    /// <summary>Opens a path of the server and waits until the dashboard has started (it marks the body ready).</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(new Uri(_server, path).ToString());
        await WaitForAsync("document.readyState === 'complete' && document.body?.dataset.ready === 'true'", $"the dashboard to start at {path}");
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitForAsync("document.readyState === 'complete' && document.body?.dataset.ready === 'true'", "the dashboard to start again");
    }

    /// <summary>Waits until a script condition holds; on timeout the failure names what was awaited, the page's messages and errors.
    /// </summary>
    public async Task WaitForAsync(string condition, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync($"() => Boolean({condition})", null,
                new PageWaitForFunctionOptions { Timeout = BrowserSession.Patience, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var messages = await Page.EvaluateAsync<string>("[...document.querySelectorAll('[data-message]')].map(m => m.textContent).join(' | ')");
            throw new TimeoutException(
                $"Waited {BrowserSession.Patience / 1000} s for {what}; messages: {messages}; errors: {string.Join("; ", Errors)}");
        }
    }

    public Task<T> EvaluateAsync<T>(string expression) => Page.EvaluateAsync<T>(expression);

    /// <summary>The text of the first element matching the selector, or empty.</summary>
    public Task<string> TextAsync(string selector) =>
        Page.EvaluateAsync<string>("s => document.querySelector(s)?.textContent ?? ''", selector);

    /// <summary>A property (a script expression of <c>e</c>) of every element matching the selector.</summary>
    public Task<string[]> AllAsync(string selector, string property) =>
        Page.EvaluateAsync<string[]>($"s => [...document.querySelectorAll(s)].map(e => String({property}))", selector);

    /// <summary>Saves a PNG in the screenshot folder: the whole page, or what the screen shows (for a phone, where a whole-page
    /// capture would resize the emulated screen under the page).</summary>
    public Task ScreenshotAsync(string name, bool fullPage = true) => Page.ScreenshotAsync(new PageScreenshotOptions
    {
        Path = Path.Combine(DashboardFixture.ScreenshotFolder, name + ".png"), FullPage = fullPage,
    });

    /// <summary>Script and console errors, files of the page that failed to load.</summary>
    public IReadOnlyList<string> Errors => Snapshot(_errors);

    /// <summary>Asserts that the page raised no error and asked for nothing outside the server.</summary>
    public void AssertClean()
    {
        Assert.Empty(Errors);
        Assert.Empty(Snapshot(_foreign));
    }

    public ValueTask DisposeAsync() => new(Page.Context.CloseAsync());

    private static void Record(List<string> list, string entry)
    {
        lock (list)
        {
            list.Add(entry);
        }
    }

    private static string[] Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
