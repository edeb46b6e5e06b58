using System.Globalization;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Dashboard;

/// <summary>The dashboard in a real headless browser against a real server process: the key dialog, each panel checked against the
/// API's own answers, an API error shown as a message, the phone layout and keyboard use. Screenshots of each step are saved.</summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Query = "apes in the jungle";

    [Fact]
    public async Task A_browser_at_the_root_lands_on_the_dashboard_which_asks_for_the_key_and_keeps_it_in_the_session()
    {
        var page = await BrowserPage.OpenAsync(fixture.Browser, 1280, 900);
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = fixture.Address.ToString() });
        await page.WaitForAsync("location.pathname === '/dashboard/' && document.body?.dataset.ready === 'true'", "the redirect to the dashboard");
        await page.WaitForAsync("document.getElementById('key-dialog').open", "the key dialog");
        await Screenshot(page, "01-api-key");

        await page.FillAsync("#key-form [name=key]", "not-the-key");
        await page.PressAsync("Enter");
        await page.WaitForAsync("!document.querySelector('#key-form [data-message]').hidden", "the wrong key's message");
        Assert.Contains("Invalid API key", await page.TextAsync("#key-form [data-message]"), StringComparison.Ordinal);
        Assert.True((await page.EvaluateAsync("document.getElementById('key-dialog').open")).GetBoolean());

        await page.FillAsync("#key-form [name=key]", DashboardFixture.ApiKey);
        await page.PressAsync("Enter");
        await page.WaitForAsync("!document.getElementById('key-dialog').open", "the dialog to close");
        Assert.Equal(DashboardFixture.ApiKey, (await page.EvaluateAsync("sessionStorage.getItem('splade.apiKey')")).GetString());
        Assert.Equal(JsonValueKindNull, (await page.EvaluateAsync("localStorage.getItem('splade.apiKey')")).ValueKind);
        Assert.Contains("docs", await page.AllAsync("#collection-names option", "e.value"));

        // The key outlives a reload of the tab (session storage), and the page no longer asks for it.
        await page.ReloadAsync();
        await page.WaitForAsync("document.querySelector('#search-form [name=collection]').value === 'docs'", "the collection to be chosen");
        Assert.False((await page.EvaluateAsync("document.getElementById('key-dialog').open")).GetBoolean());
        Assert.Empty(page.Errors);
    }

    [Theory]
    [InlineData("splade")]
    [InlineData("bm25")]
    [InlineData("dense")]
    [InlineData("rrf")]
    [InlineData("dbsf")]
    public async Task Search_ranks_as_the_api_does_and_explains_a_hit(string method)
    {
        var page = await fixture.OpenAsync("search");
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");
        var hybrid = method is "rrf" or "dbsf";
        await page.ChooseAsync($"#search-form [name=method][value={(hybrid ? "hybrid" : method)}]", "true");
        if (hybrid)
        {
            await page.ChooseAsync("#search-form [name=list-dense]", "true");
            await page.ChooseAsync("#search-form [name=fusion]", method);
        }

        await page.FillAsync("#search-form [name=query]", Query);
        await page.PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", $"{method} results");
        var ids = await page.AllAsync("#search-results li.hit", "e.dataset.id");

        var expected = (await fixture.SendAsync(HttpMethod.Post, "/collections/docs/points/query", OracleRequest(method)))["points"]!.AsArray();
        Assert.Equal(expected.Select(p => p!["id"]!.ToString()), ids);

        await page.ClickAsync("#search-results li.hit button.explain");
        var first = expected[0]!["explanation"]!["queries"]!.AsArray();
        if (hybrid)
        {
            await page.WaitForAsync("document.querySelectorAll('#search-results .explanation tr.list').length > 0", "the per-list ranks");
            Assert.Equal(
                first.Select(q => q!["rank"]?.ToString() ?? string.Empty),
                await page.AllAsync("#search-results .explanation tr.list", "e.dataset.rank"));
        }

        if (method != "dense")
        {
            await page.WaitForAsync("document.querySelectorAll('#search-results .explanation tr.term').length > 0", "the matched terms");
            var terms = first[0]!["terms"]!.AsArray();
            Assert.Equal(terms.Select(t => t!["token"]!.GetValue<string>()),
                (await page.AllAsync("#search-results .explanation section:first-of-type tr.term", "e.dataset.token")).Take(terms.Count));
            Assert.Equal(
                terms.Where(t => t!["query_expansion"]?.GetValue<bool>() == true).Select(t => t!["token"]!.GetValue<string>()),
                await page.AllAsync("#search-results .explanation section:first-of-type tr.term[data-query-expansion=true]", "e.dataset.token"));
            Assert.Equal(
                terms.Where(t => t!["document_expansion"]?.GetValue<bool>() == true).Select(t => t!["token"]!.GetValue<string>()),
                await page.AllAsync("#search-results .explanation section:first-of-type tr.term[data-document-expansion=true]", "e.dataset.token"));
        }
        else
        {
            Assert.Contains("Dense similarity", await page.TextAsync("#search-results .explanation"), StringComparison.Ordinal);
        }

        await Screenshot(page, $"02-search-{method}");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Vectors_show_weighted_tokens_with_expansions_marked_and_the_overlap_of_two_texts()
    {
        var page = await fixture.OpenAsync("vectors");
        await page.FillAsync("#vectors-form [name=a]", DashboardFixture.Texts[0]);
        await page.FillAsync("#vectors-form [name=b]", DashboardFixture.Texts[5]);
        await page.PressAsync("Enter", modifiers: 2);
        await page.WaitForAsync("document.querySelectorAll('#vectors-results .overlap').length === 1", "the two vectors");

        var encoded = (await fixture.SendAsync(HttpMethod.Post, "/splade/encode",
            new JsonObject
            {
                ["texts"] = new JsonArray(DashboardFixture.Texts[0], DashboardFixture.Texts[5]), ["side"] = "document",
            }.ToJsonString()))["vectors"]!;
        var a = encoded[0]!["terms"]!.AsArray().Take(40).ToList();
        Assert.Equal(a.Select(t => t!["token"]!.GetValue<string>()), await page.AllAsync("[data-label=A] .token-chip", "e.dataset.token"));
        var expansions = a.Where(t => t!["expansion"]!.GetValue<bool>()).Select(t => t!["token"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(expansions);
        Assert.Equal(expansions, await page.AllAsync("[data-label=A] .token-chip.expansion", "e.dataset.token"));

        var indicesA = encoded[0]!["indices"]!.AsArray().Select(i => i!.GetValue<uint>()).ToHashSet();
        var shared = encoded[1]!["indices"]!.AsArray().Count(i => indicesA.Contains(i!.GetValue<uint>()));
        Assert.Equal(shared.ToString(CultureInfo.InvariantCulture), (await page.AllAsync("#vectors-results .overlap .summary", "e.dataset.shared")).Single());
        Assert.Equal(shared, (await page.AllAsync("#vectors-results .overlap tr.shared", "e.dataset.token")).Length);
        await Screenshot(page, "03-vectors");

        // The query side is encoded with the model's query settings.
        await page.ChooseAsync("#vectors-form [name=side]", "query");
        await page.FillAsync("#vectors-form [name=b]", string.Empty);
        await page.ClickAsync("#vectors-form button[type=submit]");
        await page.WaitForAsync("document.querySelectorAll('#vectors-results .vector').length === 1", "the query vector");
        Assert.Contains("query side", await page.TextAsync("#vectors-results .summary"), StringComparison.Ordinal);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Similarity_draws_a_heatmap_with_every_value_written()
    {
        var page = await fixture.OpenAsync("similarity");
        string[] texts = [DashboardFixture.Texts[1], DashboardFixture.Texts[7], DashboardFixture.Texts[2], DashboardFixture.Texts[6]];
        await page.FillAsync("#similarity-form [name=texts]", string.Join('\n', texts));
        await page.ClickAsync("#similarity-form button[type=submit]");
        await page.WaitForAsync("document.querySelectorAll('#similarity-results td.cell').length === 16", "the 4 x 4 heatmap");

        var matrix = (await fixture.SendAsync(HttpMethod.Post, "/splade/similarity",
            new JsonObject { ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]) }.ToJsonString()))["matrix"]!.AsArray();
        var expected = matrix.SelectMany(row => row!.AsArray().Select(v => v!.GetValue<float>().ToString("F2", CultureInfo.InvariantCulture)));
        Assert.Equal(expected, await page.AllAsync("#similarity-results td.cell", "e.textContent"));
        // Related texts are closer than unrelated ones, and the page shows it.
        Assert.True(matrix[0]![1]!.GetValue<float>() > matrix[0]![2]!.GetValue<float>());
        await Screenshot(page, "04-similarity");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Collections_show_counts_status_and_background_progress_and_browse_points()
    {
        // The demo collection's background encoding takes minutes of CPU; its progress, as the info reports it, is given to the page
        // by rewriting the real info answer in the browser.
        var page = await BrowserPage.OpenAsync(fixture.Browser, 1280, 900);
        await page.SendAsync("Page.addScriptToEvaluateOnNewDocument", new JsonObject
        {
            ["source"] = """
                const realFetch = window.fetch;
                window.fetch = async (url, options) => {
                  const response = await realFetch(url, options);
                  if (!String(url).endsWith('/collections/docs') || !response.ok) return response;
                  const body = await response.json();
                  body.result.status = 'yellow';
                  body.result.splade = { background_tasks: { 'encode splade': { done: 3, total: 8 } } };
                  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
                };
                """,
        });
        await page.GotoAsync(new Uri(fixture.Address, "/dashboard/"));
        await page.EvaluateAsync($"sessionStorage.setItem('splade.apiKey', {BrowserPage.Js(DashboardFixture.ApiKey)})");
        await page.GotoAsync(new Uri(fixture.Address, "/dashboard/#collections"));
        await page.ReloadAsync();
        await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=docs]')", "the collection list");
        Assert.Equal("yellow", await page.TextAsync("tr[data-name=docs] .status"));
        Assert.Equal("8", await page.TextAsync("tr[data-name=docs] td.num"));
        Assert.Contains("encode splade: 3 / 8", await page.TextAsync("tr[data-name=docs] .task"), StringComparison.Ordinal);
        Assert.Contains("dense: dense 384, Cosine", await page.TextAsync("tr[data-name=docs]"), StringComparison.Ordinal);
        Assert.Contains("bm25: sparse, idf", await page.TextAsync("tr[data-name=docs]"), StringComparison.Ordinal);

        await page.ClickAsync("tr[data-name=docs] .row-actions button");
        await page.WaitForAsync("document.querySelectorAll('#collection-detail tr[data-id]').length > 0", "the points");
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            await page.AllAsync("#collection-detail tr[data-id]", "e.dataset.id"));
        Assert.Contains(DashboardFixture.Texts[3], await page.TextAsync("#collection-detail tr[data-id='4']"), StringComparison.Ordinal);
        await Screenshot(page, "05-collections");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task An_api_error_is_shown_as_a_message()
    {
        var page = await fixture.OpenAsync("search");
        await page.FillAsync("#search-form [name=collection]", "no-such-collection");
        await page.FillAsync("#search-form [name=query]", Query);
        await page.PressAsync("Enter");
        await page.WaitForAsync("!document.querySelector('#panel-search [data-message]').hidden", "the error message");
        var message = await page.TextAsync("#panel-search [data-message]");
        Assert.StartsWith("404: ", message, StringComparison.Ordinal);
        Assert.Contains("`no-such-collection` doesn't exist", message, StringComparison.Ordinal);
        await Screenshot(page, "06-error");

        // A bad filter is named before anything is sent; a filter the server refuses comes back with the server's words.
        await page.FillAsync("#search-form [name=collection]", "docs");
        await page.EvaluateAsync("document.querySelector('#search-form details.filter').open = true");
        await page.FillAsync("#search-form [name=filter]", "{\"must\": [");
        await page.ClickAsync("#search-form button[type=submit]");
        await page.WaitForAsync("document.querySelector('#panel-search [data-message]').textContent.includes('not valid JSON')", "the filter's message");
        await page.FillAsync("#search-form [name=filter]", """{"must": [{"key": "lang", "geo_radius": {}}]}""");
        await page.ClickAsync("#search-form button[type=submit]");
        await page.WaitForAsync("document.querySelector('#panel-search [data-message]').textContent.startsWith('400: ')", "the server's refusal");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task At_phone_width_nothing_overflows_and_the_tabs_work_from_the_keyboard()
    {
        var page = await fixture.OpenAsync("search", 390, 844, mobile: true);
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");
        await page.FillAsync("#search-form [name=query]", Query);
        await page.PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", "results");
        await page.ClickAsync("#search-results li.hit button.explain");
        await page.WaitForAsync("document.querySelectorAll('#search-results tr.term').length > 0", "the explanation");
        Assert.True((await page.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth")).GetBoolean(),
            "the page is wider than the phone's screen");
        var tabsFit = await page.EvaluateAsync(
            "[...document.querySelectorAll('[role=tab]')].every(t => { const r = t.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; })");
        Assert.True(tabsFit.GetBoolean(), "a tab lies outside the screen");
        await Screenshot(page, "07-phone-search");

        await page.EvaluateAsync("document.getElementById('tab-search').focus()");
        await page.PressAsync("ArrowRight");
        await page.WaitForAsync("!document.getElementById('panel-vectors').hidden && document.activeElement.id === 'tab-vectors'", "the vectors tab");
        Assert.Equal("#vectors", (await page.EvaluateAsync("location.hash")).GetString());
        await page.PressAsync("ArrowLeft");
        await page.WaitForAsync("!document.getElementById('panel-search').hidden", "the search tab again");
        Assert.Empty(page.Errors);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static string OracleRequest(string method)
    {
        JsonObject Nearest(string vector, string model) => new()
        {
            ["query"] = new JsonObject { ["text"] = Query, ["model"] = model }, ["using"] = vector, ["limit"] = 50,
        };

        var request = method switch
        {
            "splade" => Nearest("splade", "splade"),
            "bm25" => Nearest("bm25", "bm25"),
            "dense" => Nearest("dense", "minilm"),
            _ => new JsonObject
            {
                ["prefetch"] = new JsonArray(Nearest("splade", "splade"), Nearest("bm25", "bm25"), Nearest("dense", "minilm")),
                ["query"] = method == "rrf" ? new JsonObject { ["rrf"] = new JsonObject { ["k"] = 60 } } : new JsonObject { ["fusion"] = "dbsf" },
            },
        };
        request["limit"] = 10;
        request["explain"] = true;
        request["with_payload"] = true;
        return request.ToJsonString();
    }

    private static Task Screenshot(BrowserPage page, string name) => page.ScreenshotAsync(Path.Combine(DashboardFixture.ScreenshotFolder, name + ".png"));
}
