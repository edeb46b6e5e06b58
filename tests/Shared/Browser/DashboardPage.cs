using Microsoft.Playwright;

namespace Splade.Tests.Shared.Browser;

/// <summary>One dashboard tab under Playwright, recording what a test must never see: script errors, console errors, a file of the
/// page that fails to load, and any request that leaves the server's origin. <see cref="AssertClean"/> fails on any of them.</summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    /// <summary>The page's width against the screen's (the layout viewport: <c>clientWidth</c>, which a phone browser does not
    /// widen to fit the content as it does <c>innerWidth</c>), and the elements that stick out, outside any box that scrolls.</summary>
    private const string Overflow = """
        (() => {
          const width = document.documentElement.clientWidth;
          // Whether a box that scrolls sideways holds the element: one around its containing block (for an absolutely placed
          // element, its nearest positioned ancestor: a scrolling box below that one does not hold it).
          const scrolls = (e) => {
            const position = getComputedStyle(e).position;
            let p = position === 'absolute' ? e.offsetParent : position === 'fixed' ? null : e.parentElement;
            for (; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
              if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
            }
            return false;
          };
          const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map((c) => '.' + c).join('');
          const out = [];
          for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || r.right <= width + 0.5 || scrolls(e)) continue;
            out.push(`${name(e)} in ${name(e.parentElement)}: ${Math.round(r.left)}..${Math.round(r.right)}`);
          }
          return { scroll: document.documentElement.scrollWidth, client: width, out: out.slice(0, 15) };
        })()
        """;

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
        Path = Path.Combine(BrowserSession.ScreenshotFolder, name + ".png"), FullPage = fullPage,
    });

    /// <summary>Asserts that the page, as it is now, fits a phone screen <paramref name="width"/> px wide: nothing sticks out
    /// sideways outside a box that scrolls, and the tabs and the key button stay on the screen. Saves what the screen shows first.
    /// </summary>
    public async Task AssertFitsAsync(int width, string panel, string screenshot)
    {
        var result = await EvaluateAsync<System.Text.Json.JsonElement>(Overflow);
        await ScreenshotAsync(screenshot, fullPage: false);
        var scroll = result.GetProperty("scroll").GetInt32();
        var client = result.GetProperty("client").GetInt32();
        var outside = result.GetProperty("out").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(width, client);
        Assert.True(scroll <= client && outside.Count == 0,
            $"{panel} at {width} px: the page is {scroll} px wide on a {client} px screen; outside it: {string.Join("; ", outside)}");

        // The tabs and the key button all stay on the screen.
        var tabsFit = await EvaluateAsync<bool>(
            "[...document.querySelectorAll('[role=tab], #key-button')].every(t => { const r = t.getBoundingClientRect(); " +
            "return r.left >= 0 && r.right <= document.documentElement.clientWidth; })");
        Assert.True(tabsFit, $"{panel} at {width} px: a tab lies outside the screen");
    }

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
