namespace Splade.Server.Tests.Dashboard;

/// <summary>The dashboard from the keyboard alone: the tab order follows the page, every focused control shows a visible focus ring,
/// Enter searches and opens a hit's explanation, arrow keys move between the tabs, the key dialog opens and closes from the keys.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardKeyboardTests(DashboardFixture fixture)
{
    /// <summary>The focused element: a name for it, whether a focus ring is drawn, and whether it is on the screen.</summary>
    private const string Focused = """
        (() => {
          const e = document.activeElement;
          const style = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          const name = e.id ? '#' + e.id : e.name ? `${e.tagName.toLowerCase()}[name=${e.name}]${e.type === 'radio' ? '=' + e.value : ''}`
            : e.classList.contains('skip') ? 'skip' : e.tagName.toLowerCase() + ':' + e.textContent.trim();
          const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          const visible = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
          return `${name}|${ring}|${visible}`;
        })()
        """;

    [Fact]
    public async Task The_search_panel_is_used_from_the_keyboard_with_a_visible_focus_on_every_stop()
    {
        await using var page = await fixture.OpenAsync("search");
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");

        // Tab from the top of the page to the Search button: every stop is visible and ringed, in the order the page reads.
        var stops = new List<string>();
        for (var i = 0; i < 40 && (stops.Count == 0 || !stops[^1].StartsWith("button:Search", StringComparison.Ordinal)); i++)
        {
            await page.Page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<string>(Focused);
            var parts = stop.Split('|');
            Assert.True(parts[1] == "true", $"no visible focus ring on {parts[0]} (stops so far: {string.Join(", ", stops)})");
            Assert.True(parts[2] == "true", $"the focused {parts[0]} is not on the screen");
            stops.Add(parts[0]);
        }

        string[] expected = ["skip", "#tab-search", "#key-button", "input[name=collection]", "input[name=query]", "input[name=method]=splade",
            "select[name=splade-using]", "input[name=limit]", "summary:Filter", "button:Search"];
        var positions = expected.Select(e => stops.IndexOf(e)).ToList();
        Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()),
            $"the tab order {string.Join(", ", stops)} does not follow {string.Join(", ", expected)}");
        // The tab list is one stop (arrow keys move inside it), and the hidden hybrid settings take none.
        Assert.DoesNotContain("#tab-vectors", stops);
        Assert.DoesNotContain(stops, s => s.Contains("list-dense", StringComparison.Ordinal) || s.Contains("fusion", StringComparison.Ordinal));

        // Enter in the query searches; Enter on a hit's button opens its explanation.
        await page["#search-form [name=query]"].FocusAsync();
        await page.Page.Keyboard.TypeAsync(DashboardBrowserTests.Query);
        await page.Page.Keyboard.PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", "results");
        await page["#search-results li.hit button.explain"].First.FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results .explanation tr.term').length > 0", "the explanation");
        Assert.Equal("true", await page.EvaluateAsync<string>("document.activeElement.getAttribute('aria-expanded')"));
        Assert.StartsWith("button:Hide why|true|true", await page.EvaluateAsync<string>(Focused), StringComparison.Ordinal);
        page.AssertClean();
    }

    [Fact]
    public async Task Arrow_keys_move_between_tabs_and_the_key_dialog_opens_and_closes_from_the_keyboard()
    {
        await using var page = await fixture.OpenAsync("search");
        await page["#tab-search"].FocusAsync();
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.WaitForAsync("!document.getElementById('panel-vectors').hidden && document.activeElement.id === 'tab-vectors'", "the vectors tab");
        Assert.Equal("#vectors", await page.EvaluateAsync<string>("location.hash"));
        await page.Page.Keyboard.PressAsync("End");
        await page.WaitForAsync("!document.getElementById('panel-collections').hidden && document.activeElement.id === 'tab-collections'",
            "the last tab");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.WaitForAsync("!document.getElementById('panel-search').hidden && document.activeElement.id === 'tab-search'", "the first tab again");
        await page.Page.Keyboard.PressAsync("ArrowLeft");
        await page.WaitForAsync("!document.getElementById('panel-collections').hidden", "the collections tab again");
        Assert.Equal("true", await page.EvaluateAsync<string>("document.activeElement.getAttribute('aria-selected')"));

        // Ctrl+Enter in a text area draws the heatmap.
        await page.Page.Keyboard.PressAsync("ArrowLeft");
        await page.WaitForAsync("!document.getElementById('panel-similarity').hidden", "the similarity tab");
        await page["#similarity-form [name=texts]"].FocusAsync();
        await page.Page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForAsync("document.querySelectorAll('#similarity-results td.cell').length === 16", "the heatmap");

        await page["#key-button"].FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await page.WaitForAsync("document.getElementById('key-dialog').open && document.activeElement.name === 'key'", "the key dialog, focused");
        await page.Page.Keyboard.PressAsync("Escape");
        await page.WaitForAsync("!document.getElementById('key-dialog').open", "the dialog to close");
        Assert.Equal("key-button", await page.EvaluateAsync<string>("document.activeElement.id"));
        page.AssertClean();
    }
}
