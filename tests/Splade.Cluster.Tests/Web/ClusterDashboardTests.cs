using System.Globalization;
using Splade.Server.Tests.Process;

namespace Splade.Cluster.Tests.Web;

/// <summary>The dashboard served by <c>splade serve --cluster</c>, in a real headless chromium: it loads from every node, lists the
/// sharded collection with its members, shards and replicas exactly as the API answers them, searches as a single server holding the
/// same points answers, and browses every shard's points in id order.</summary>
[Collection(ClusterWebGroup.Name)]
public sealed class ClusterDashboardTests(ClusterWebFixture fixture)
{
    private const string Query = "apes in the forest";

    [Fact]
    public async Task Every_node_serves_the_page_with_the_members_shards_and_replicas_the_api_answers()
    {
        for (var node = 0; node < fixture.Cluster.Nodes.Count; node++)
        {
            await using var page = await fixture.Browser.OpenAsync(fixture.Cluster.Nodes[node].Address, "collections", apiKey: null);
            await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=docs] li.shard')", "the collection's shards");
            var shown = await ClusterView.ReadAsync(page, ClusterWebFixture.Collection);
            var info = await ClusterWebFixture.GetAsync(fixture.Clients[node], "/collections/docs");
            var cluster = await ClusterWebFixture.GetAsync(fixture.Clients[node], "/cluster");
            ClusterView.AssertSame(ClusterView.Expected(info, cluster), shown);

            // Three active members, this node marked; three shards, each on two silos with one primary, all in sync: green.
            Assert.Equal("green", shown["status"]!.GetValue<string>());
            Assert.Equal("3 shards × 2 replicas", shown["summary"]!.GetValue<string>());
            var members = shown["members"]!.AsArray();
            Assert.Equal(3, members.Count(m => m!["status"]!.GetValue<string>() == "active"));
            Assert.Equal(cluster["silo"]!.GetValue<string>(), members.Single(m => m!["self"]!.GetValue<bool>())!["silo"]!.GetValue<string>());
            Assert.All(shown["shards"]!.AsArray(), shard =>
            {
                var replicas = shard!["replicas"]!.AsArray();
                Assert.Equal(2, replicas.Select(r => r!["silo"]!.GetValue<string>()).Distinct().Count());
                Assert.Single(replicas, r => r!["primary"]!.GetValue<bool>());
                Assert.All(replicas, r => Assert.Equal("in-sync", r!["state"]!.GetValue<string>()));
            });
            Assert.Contains("Cluster splade", await page.TextAsync("#cluster-members h2"), StringComparison.Ordinal);
            Assert.Contains("docs", await page.AllAsync("#collection-names option", "e.value"));
            if (node == 0)
            {
                await page.ScreenshotAsync("cluster-collections");
            }

            page.AssertClean();
        }
    }

    [Fact]
    public async Task At_phone_width_the_cluster_view_fits_the_screen()
    {
        await using var page = await fixture.Browser.OpenAsync(fixture.Cluster.Nodes[1].Address, "collections", apiKey: null, 360, 740, mobile: true);
        await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=docs] li.shard')", "the collection's shards");
        await page.AssertFitsAsync(360, "the cluster view", "cluster-phone-360");
        page.AssertClean();
    }

    [Theory]
    [InlineData("splade", 0)]
    [InlineData("bm25", 1)]
    [InlineData("hybrid", 2)]
    public async Task Search_on_any_node_ranks_as_a_single_server_does_with_a_filter_and_explains_a_hit(string method, int node)
    {
        await using var page = await fixture.Browser.OpenAsync(fixture.Cluster.Nodes[node].Address, "search", apiKey: null);
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");
        await page["#search-form [name=collection]"].FillAsync(ClusterWebFixture.Collection);
        await page[$"#search-form [name=method][value={method}]"].CheckAsync();
        await page["#search-form details.filter summary"].ClickAsync();
        await page["#search-form [name=filter]"].FillAsync("""{"must_not": [{"key": "lang", "match": {"value": "fr"}}]}""");
        await page["#search-form [name=query]"].FillAsync(Query);
        await page["#search-form [name=query]"].PressAsync("Enter");
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", $"{method} results");
        var ids = await page.AllAsync("#search-results li.hit", "e.dataset.id");
        var scores = await page.AllAsync("#search-results li.hit", "e.dataset.score");

        // The request the page sent, answered by another node and by the single server holding the same points.
        var request = await page.TextAsync("#search-results details.request pre");
        var other = fixture.Clients[(node + 1) % fixture.Clients.Count];
        const string path = "/collections/docs/points/query";
        var fromCluster = (await ServerCalls.SendAsync(other, HttpMethod.Post, path, request))["result"]!["points"]!.AsArray();
        var fromSingle = (await ServerCalls.SendAsync(fixture.SingleServer, HttpMethod.Post, path, request))["result"]!["points"]!.AsArray();
        Assert.Equal(fromCluster.Select(p => p!["id"]!.ToJsonString()), ids);
        Assert.All(fromCluster, p => Assert.Equal("en", p!["payload"]!["lang"]!.GetValue<string>()));

        // Equal scores in the same order, and the same ids wherever a score is not shared (ties are ordered by id on a cluster).
        var singleScores = fromSingle.Select(p => p!["score"]!.GetValue<float>()).ToList();
        Assert.Equal(singleScores, scores.Select(s => float.Parse(s, CultureInfo.InvariantCulture)));
        for (var i = 0; i < ids.Length; i++)
        {
            if (singleScores.Count(score => score == singleScores[i]) == 1)
            {
                Assert.Equal(fromSingle[i]!["id"]!.ToJsonString(), ids[i]);
                Assert.Equal(fromSingle[i]!["explanation"]!.ToJsonString(), fromCluster[i]!["explanation"]!.ToJsonString());
            }
        }

        // The first hit's explanation: the terms it matched, as the API explains them.
        await page["#search-results li.hit button.explain"].First.ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#search-results .explanation tr.term').length > 0", "the matched terms");
        var terms = fromCluster[0]!["explanation"]!["queries"]![0]!["terms"]!.AsArray();
        Assert.Equal(terms.Select(t => t!["token"]!.GetValue<string>()),
            (await page.AllAsync("#search-results .explanation section:first-of-type tr.term", "e.dataset.token")).Take(terms.Count));
        Assert.Contains(await page.TextAsync("#search-results li.hit .text"), ClusterWebFixture.Texts);
        await page.ScreenshotAsync($"cluster-search-{method}");
        page.AssertClean();
    }

    [Fact]
    public async Task Browse_shows_the_points_of_every_shard_in_id_order_with_their_documents()
    {
        await using var page = await fixture.Browser.OpenAsync(fixture.Cluster.Nodes[2].Address, "collections", apiKey: null);
        await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=docs]')", "the collection list");
        Assert.Equal(ClusterWebFixture.Texts.Length.ToString(CultureInfo.InvariantCulture), await page.TextAsync("tr[data-name=docs] td.num"));
        await page["tr[data-name=docs] .row-actions button:has-text('Browse')"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#collection-detail tr[data-id]').length > 0", "the points");
        Assert.Equal(Enumerable.Range(1, ClusterWebFixture.Texts.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            await page.AllAsync("#collection-detail tr[data-id]", "e.dataset.id"));
        for (var i = 0; i < ClusterWebFixture.Texts.Length; i++)
        {
            Assert.Contains(ClusterWebFixture.Texts[i], await page.TextAsync($"#collection-detail tr[data-id='{i + 1}']"), StringComparison.Ordinal);
        }

        // The configuration shows the sharding the collection was created with.
        var configuration = await page.TextAsync("#collection-detail details pre");
        Assert.Contains("\"shard_number\": 3", configuration, StringComparison.Ordinal);
        Assert.Contains("\"replication_factor\": 2", configuration, StringComparison.Ordinal);
        page.AssertClean();
    }
}
