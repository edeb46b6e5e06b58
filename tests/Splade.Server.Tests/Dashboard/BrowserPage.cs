using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Dashboard;

/// <summary>One browser tab: navigation, script evaluation, real mouse clicks and key presses, screenshots, and the script errors
/// the page raised (a test fails on any).</summary>
internal sealed class BrowserPage
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly Chromium _browser;
    private readonly string _session;
    private readonly List<string> _errors = [];

    private BrowserPage(Chromium browser, string session)
    {
        _browser = browser;
        _session = session;
        browser.Event += (method, session, parameters) =>
        {
            if (session != _session)
            {
                return;
            }

            if (method == "Runtime.exceptionThrown")
            {
                Record(parameters.GetProperty("exceptionDetails").ToString());
            }
            else if (method == "Runtime.consoleAPICalled" && parameters.GetProperty("type").GetString() == "error")
            {
                Record(parameters.GetProperty("args").ToString());
            }
        };
    }

    /// <summary>Script errors and console errors so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<BrowserPage> OpenAsync(Chromium browser, int width, int height, bool mobile = false)
    {
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await browser.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true });
        var page = new BrowserPage(browser, attached.GetProperty("sessionId").GetString()!);
        await page.SendAsync("Runtime.enable");
        await page.SendAsync("Page.enable");
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = mobile,
        });
        return page;
    }

    public Task<JsonElement> SendAsync(string method, JsonObject? parameters = null) => _browser.SendAsync(method, parameters, _session);

    /// <summary>Navigates and waits until the dashboard has started (it marks the body ready).</summary>
    public async Task GotoAsync(Uri url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        // The page keeps its panel in the hash, so the address is compared without it.
        var address = url.GetLeftPart(UriPartial.Query);
        await WaitForAsync(
            $"location.href.split('#')[0] === {Js(address)} && document.readyState === 'complete' && document.body?.dataset.ready === 'true'",
            $"the dashboard to start at {url}");
    }

    public async Task ReloadAsync()
    {
        await EvaluateAsync("delete document.body.dataset.ready; location.reload()");
        await WaitForAsync("document.readyState === 'complete' && document.body?.dataset.ready === 'true'", "the dashboard to start again");
    }

    /// <summary>Evaluates a script expression (awaiting a promise) and answers its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var details))
        {
            throw new InvalidOperationException($"Script failed: {expression}: {details}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    public async Task<string> TextAsync(string selector) =>
        (await EvaluateAsync($"document.querySelector({Js(selector)})?.textContent ?? ''")).GetString()!;

    public async Task<string[]> AllAsync(string selector, string property) =>
        [.. (await EvaluateAsync($"[...document.querySelectorAll({Js(selector)})].map(e => String({property}))"))
            .EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Polls a condition until it holds; on timeout the failure names what was awaited, the page's messages and errors.</summary>
    public async Task WaitForAsync(string condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await EvaluateAsync($"Boolean({condition})");
            if (value.ValueKind == JsonValueKind.True)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var messages = await EvaluateAsync("[...document.querySelectorAll('[data-message]')].map(m => m.textContent).join(' | ')");
                throw new TimeoutException($"Waited {Patience} for {what}; messages: {messages}; errors: {string.Join("; ", Errors)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Clicks the middle of the element with the mouse, as a user does.</summary>
    public async Task ClickAsync(string selector)
    {
        await WaitForAsync($"document.querySelector({Js(selector)})?.getClientRects().length > 0", $"{selector} to be visible");
        var box = await EvaluateAsync($$"""
            (() => { const e = document.querySelector({{Js(selector)}}); e.scrollIntoView({block: 'center'});
                     const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()
            """);
        var x = box[0].GetDouble();
        var y = box[1].GetDouble();
        foreach (var type in (string[])["mouseMoved", "mousePressed", "mouseReleased"])
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type, ["x"] = x, ["y"] = y, ["button"] = "left", ["clickCount"] = type == "mouseMoved" ? 0 : 1,
            });
        }
    }

    /// <summary>Focuses a text field, selects what it holds and types the text over it.</summary>
    public async Task FillAsync(string selector, string text)
    {
        await EvaluateAsync($"(() => {{ const e = document.querySelector({Js(selector)}); e.focus(); e.select(); }})()");
        if (text.Length == 0)
        {
            await PressAsync("Backspace");
            return;
        }

        await SendAsync("Input.insertText", new JsonObject { ["text"] = text });
    }

    /// <summary>Chooses an option of a select element or a radio button by script, raising the events a user's choice raises.</summary>
    public Task ChooseAsync(string selector, string value) => EvaluateAsync($$"""
        (() => { const e = document.querySelector({{Js(selector)}});
                 if (e.type === 'radio' || e.type === 'checkbox') e.checked = {{Js(value)}} === 'true'; else e.value = {{Js(value)}};
                 e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()
        """);

    /// <summary>Presses a key (Enter, Tab, ArrowRight, ...) on the focused element, with modifiers (2 = Ctrl).</summary>
    public async Task PressAsync(string key, int modifiers = 0)
    {
        var (code, keyCode, text) = key switch
        {
            "Enter" => ("Enter", 13, "\r"),
            "Tab" => ("Tab", 9, null),
            "Backspace" => ("Backspace", 8, null),
            "Escape" => ("Escape", 27, null),
            "ArrowRight" => ("ArrowRight", 39, null),
            "ArrowLeft" => ("ArrowLeft", 37, null),
            _ => throw new ArgumentException($"No key code for {key}", nameof(key)),
        };
        var down = new JsonObject
        {
            ["type"] = text is null ? "rawKeyDown" : "keyDown", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode,
            ["modifiers"] = modifiers,
        };
        if (text is not null && modifiers == 0)
        {
            down["text"] = text;
        }

        await SendAsync("Input.dispatchKeyEvent", down);
        await SendAsync("Input.dispatchKeyEvent", new JsonObject
        {
            ["type"] = "keyUp", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode, ["modifiers"] = modifiers,
        });
    }

    /// <summary>Saves a PNG of the whole page (up to 4,000 pixels high).</summary>
    public async Task ScreenshotAsync(string path)
    {
        // From the top, so that the sticky header is drawn where it belongs.
        var size = await EvaluateAsync(
            "window.scrollTo(0, 0), [document.documentElement.scrollWidth, Math.min(4000, document.documentElement.scrollHeight)]");
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["width"] = size[0].GetDouble(), ["height"] = size[1].GetDouble(), ["scale"] = 1,
            },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    /// <summary>A string as a script literal.</summary>
    public static string Js(string value) => JsonSerializer.Serialize(value);

    public static string Js(double value) => value.ToString(CultureInfo.InvariantCulture);

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
