using System.Globalization;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Dashboard;

/// <summary>The dashboard in a real headless browser against a real server process: the key dialog, each panel checked against the
/// API's own answers, an API error shown as a message. Screenshots of each step are saved.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture)
{
    internal const string Query = "apes in the jungle";

    [Fact]
    public async Task A_browser_at_the_root_lands_on_the_dashboard_which_asks_for_the_key_and_keeps_it_in_the_session()
    {
        await using var page = await fixture.Browser.OpenAsync(fixture.Address, panel: null, apiKey: null);
        await page.Page.GotoAsync(fixture.Address.ToString());
        await page.WaitForAsync("location.pathname === '/dashboard/' && document.body?.dataset.ready === 'true'", "the redirect to the dashboard");
        await page.WaitForAsync("document.getElementById('key-dialog').open", "the key dialog");
        Assert.Equal("key", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.ScreenshotAsync("01-api-key");

        await page["#key-form [name=key]"].FillAsync("not-the-key");
        await page["#key-form [name=key]"].PressAsync("Enter");
        await page.WaitForAsync("!document.querySelector('#key-form [data-message]').hidden", "the wrong key's message");
        Assert.Contains("Invalid API key", await page.TextAsync("#key-form [data-message]"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('key-dialog').open"));

        await page["#key-form [name=key]"].FillAsync(DashboardFixture.ApiKey);
        await page["#key-form [name=key]"].PressAsync("Enter");
        await page.WaitForAsync("!document.getElementById('key-dialog').open", "the dialog to close");
        Assert.Equal(DashboardFixture.ApiKey, await page.EvaluateAsync<string>("sessionStorage.getItem('splade.apiKey')"));
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('splade.apiKey')"));
        Assert.Contains("docs", await page.AllAsync("#collection-names option", "e.value"));

        // The key outlives a reload of the tab (session storage), and the page no longer asks for it.
        await page.ReloadAsync();
        await page.WaitForAsync("document.querySelector('#search-form [name=collection]').value === 'docs'", "the collection to be chosen");
        Assert.False(await page.EvaluateAsync<bool>("document.getElementById('key-dialog').open"));

        // Forgetting the key removes it from the session; the next call asks again.
        await page["#key-button"].ClickAsync();
        await page["#key-form [data-forget]"].ClickAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('splade.apiKey')"));
        await page.ReloadAsync();
        await page.WaitForAsync("document.getElementById('key-dialog').open", "the key dialog after forgetting the key");
        page.AssertClean();
    }

    [Theory]
    [InlineData("splade")]
    [InlineData("bm25")]
    [InlineData("dense")]
    [InlineData("rrf")]
    [InlineData("dbsf")]
    public async Task Search_ranks_as_the_api_does_and_explains_a_hit(string method)
    {
        await using var page = await fixture.OpenAsync("search");
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");
        var hybrid = method is "rrf" or "dbsf";
        await page[$"#search-form [name=method][value={(hybrid ? "hybrid" : method)}]"].CheckAsync();
        if (hybrid)
        {
            await page["#search-form [name=list-dense]"].CheckAsync();
            await page["#search-form [name=fusion]"].SelectOptionAsync(method);
        }

        await page["#search-form [name=query]"].FillAsync(Query);
        await page["#search-form [name=query]"].PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", $"{method} results");
        var ids = await page.AllAsync("#search-results li.hit", "e.dataset.id");

        var expected = (await fixture.SendAsync(HttpMethod.Post, "/collections/docs/points/query", OracleRequest(method)))["points"]!.AsArray();
        Assert.Equal(expected.Select(p => p!["id"]!.ToString()), ids);

        await page["#search-results li.hit button.explain"].First.ClickAsync();
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

        await page.ScreenshotAsync($"02-search-{method}");
        page.AssertClean();
    }

    [Fact]
    public async Task Hybrid_search_honours_the_fusion_parameters_and_the_filter()
    {
        await using var page = await fixture.OpenAsync("search");
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");
        await page["#search-form [name=method][value=hybrid]"].CheckAsync();
        await page["#search-form [name=list-dense]"].CheckAsync();
        await page["#search-form [name=rrf-k]"].FillAsync("10");
        await page["#search-form [name=rrf-weights]"].FillAsync("1, 0.5, 2");
        await page["#search-form [name=prefetch-limit]"].FillAsync("20");
        await page["#search-form details.filter summary"].ClickAsync();
        const string filter = """{"must": [{"key": "lang", "match": {"value": "en"}}]}""";
        await page["#search-form [name=filter]"].FillAsync(filter);
        await page["#search-form [name=query]"].FillAsync(Query);
        await page["#search-form [name=query]"].PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", "filtered results");

        JsonObject Nearest(string vector, string model) => new()
        {
            ["query"] = new JsonObject { ["text"] = Query, ["model"] = model }, ["using"] = vector, ["limit"] = 20,
        };
        var request = new JsonObject
        {
            ["prefetch"] = new JsonArray(Nearest("splade", "splade"), Nearest("bm25", "bm25"), Nearest("dense", "minilm")),
            ["query"] = new JsonObject { ["rrf"] = new JsonObject { ["k"] = 10, ["weights"] = new JsonArray(1, 0.5, 2) } },
            ["filter"] = JsonNode.Parse(filter),
            ["limit"] = 10,
            ["with_payload"] = true,
        };
        var expected = (await fixture.SendAsync(HttpMethod.Post, "/collections/docs/points/query", request.ToJsonString()))["points"]!.AsArray();
        Assert.Equal(expected.Select(p => p!["id"]!.ToString()), await page.AllAsync("#search-results li.hit", "e.dataset.id"));
        Assert.All(expected, p => Assert.Equal("en", p!["payload"]!["lang"]!.GetValue<string>()));
        Assert.Contains("RRF (k = 10) over 3 lists", await page.TextAsync("#search-results .summary"), StringComparison.Ordinal);
        page.AssertClean();
    }

    [Fact]
    public async Task Vectors_show_weighted_tokens_with_expansions_marked_and_the_overlap_of_two_texts()
    {
        await using var page = await fixture.OpenAsync("vectors");
        await page["#vectors-form [name=a]"].FillAsync(DashboardFixture.Texts[0]);
        await page["#vectors-form [name=b]"].FillAsync(DashboardFixture.Texts[5]);
        await page["#vectors-form [name=b]"].PressAsync("Control+Enter");
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
        await page.ScreenshotAsync("03-vectors");

        // The query side is encoded with the model's query settings.
        await page["#vectors-form [name=side]"].SelectOptionAsync("query");
        await page["#vectors-form [name=b]"].FillAsync(string.Empty);
        await page["#vectors-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#vectors-results .vector').length === 1", "the query vector");
        Assert.Contains("query side", await page.TextAsync("#vectors-results .summary"), StringComparison.Ordinal);
        page.AssertClean();
    }

    [Fact]
    public async Task Similarity_draws_a_heatmap_with_every_value_written()
    {
        await using var page = await fixture.OpenAsync("similarity");
        string[] texts = [DashboardFixture.Texts[1], DashboardFixture.Texts[7], DashboardFixture.Texts[2], DashboardFixture.Texts[6]];
        await page["#similarity-form [name=texts]"].FillAsync(string.Join('\n', texts));
        await page["#similarity-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#similarity-results td.cell').length === 16", "the 4 x 4 heatmap");

        var matrix = (await fixture.SendAsync(HttpMethod.Post, "/splade/similarity",
            new JsonObject { ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]) }.ToJsonString()))["matrix"]!.AsArray();
        var expected = matrix.SelectMany(row => row!.AsArray().Select(v => v!.GetValue<float>().ToString("F2", CultureInfo.InvariantCulture)));
        Assert.Equal(expected, await page.AllAsync("#similarity-results td.cell", "e.textContent"));
        // Related texts are closer than unrelated ones, and the page shows it.
        Assert.True(matrix[0]![1]!.GetValue<float>() > matrix[0]![2]!.GetValue<float>());
        await page.ScreenshotAsync("04-similarity");

        // The server's own PNG of the same heatmap.
        await page["#similarity-form [data-png]"].ClickAsync();
        await page.WaitForAsync("document.querySelector('#similarity-results img.png')?.naturalWidth > 0", "the server's PNG");
        page.AssertClean();
    }

    [Fact]
    public async Task Collections_show_counts_status_and_configuration_and_browse_points()
    {
        await using var page = await fixture.OpenAsync("collections");
        await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=docs]')", "the collection list");
        var info = await fixture.SendAsync(HttpMethod.Get, "/collections/docs");
        Assert.Equal(info["status"]!.GetValue<string>(), await page.TextAsync("tr[data-name=docs] .status"));
        Assert.Equal("8", await page.TextAsync("tr[data-name=docs] td.num"));
        Assert.Contains("dense: dense 384, Cosine", await page.TextAsync("tr[data-name=docs]"), StringComparison.Ordinal);
        Assert.Contains("bm25: sparse, idf", await page.TextAsync("tr[data-name=docs]"), StringComparison.Ordinal);

        // A single server has no members and no shards: no cluster view and no column for them (tests/Splade.Cluster.Tests/Web).
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('#cluster-view *').length"));
        Assert.DoesNotContain("Shards and replicas", await page.AllAsync("table.collections th", "e.textContent"));

        await page["tr[data-name=docs] .row-actions button"].First.ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#collection-detail tr[data-id]').length > 0", "the points");
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            await page.AllAsync("#collection-detail tr[data-id]", "e.dataset.id"));
        Assert.Contains(DashboardFixture.Texts[3], await page.TextAsync("#collection-detail tr[data-id='4']"), StringComparison.Ordinal);
        await page.ScreenshotAsync("05-collections");

        // "Search" on a collection's row opens the search panel on it.
        await page["tr[data-name=docs] .row-actions button:has-text('Search')"].ClickAsync();
        await page.WaitForAsync("!document.getElementById('panel-search').hidden && location.hash === '#search'", "the search panel");
        Assert.Equal("docs", await page.EvaluateAsync<string>("document.querySelector('#search-form [name=collection]').value"));
        page.AssertClean();
    }

    [Fact]
    public async Task An_api_error_is_shown_as_a_message()
    {
        await using var page = await fixture.OpenAsync("search");
        await page["#search-form [name=collection]"].FillAsync("no-such-collection");
        await page["#search-form [name=query]"].FillAsync(Query);
        await page["#search-form [name=query]"].PressAsync("Enter");
        await page.WaitForAsync("!document.querySelector('#panel-search [data-message]').hidden", "the error message");
        var message = await page.TextAsync("#panel-search [data-message]");
        Assert.StartsWith("404: ", message, StringComparison.Ordinal);
        Assert.Contains("`no-such-collection` doesn't exist", message, StringComparison.Ordinal);
        await page.ScreenshotAsync("06-error");

        // A bad filter is named before anything is sent; a filter the server refuses comes back with the server's words.
        await page["#search-form [name=collection]"].FillAsync("docs");
        await page["#search-form details.filter summary"].ClickAsync();
        await page["#search-form [name=filter]"].FillAsync("{\"must\": [");
        await page["#search-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelector('#panel-search [data-message]').textContent.includes('not valid JSON')", "the filter's message");
        await page["#search-form [name=filter]"].FillAsync("""{"must": [{"key": "lang", "geo_radius": {}}]}""");
        await page["#search-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelector('#panel-search [data-message]').textContent.startsWith('400: ')", "the server's refusal");

        // Errors of the other panels too: an unknown model when encoding, too few texts for a heatmap.
        await page["#tab-vectors"].ClickAsync();
        await page["#vectors-form [name=model]"].FillAsync("no-such-model");
        await page["#vectors-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelector('#panel-vectors [data-message]').textContent.includes('no-such-model')", "the model's error");
        Assert.Matches("^4\\d\\d: ", await page.TextAsync("#panel-vectors [data-message]"));
        await page["#tab-similarity"].ClickAsync();
        await page["#similarity-form [name=texts]"].FillAsync("only one text");
        await page["#similarity-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelector('#panel-similarity [data-message]').textContent.startsWith('400: ')", "the heatmap's error");
        page.AssertClean();
    }

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
}
