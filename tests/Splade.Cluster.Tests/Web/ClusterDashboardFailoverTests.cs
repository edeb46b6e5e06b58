using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Cluster.Tests.Serve;
using Splade.Tests.Shared.Browser;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests.Web;

/// <summary>The dashboard of one node while another is killed with SIGKILL: the page (refreshing itself, as a user leaves it open)
/// shows the dead member and the collections turning yellow, then green again once their replicas are rebuilt. <c>docs</c> has two
/// replicas a shard, rebuilt at once on the two nodes left; <c>triple</c> has three, so it stays yellow (a shard short of its
/// replicas) until a fourth node joins and its replicas are built there.</summary>
public sealed class ClusterDashboardFailoverTests(ITestOutputHelper output)
{
    /// <summary>Records every status each collection's row shows, as the page refreshes itself, with the time it was first seen.
    /// </summary>
    private const string Watch = """
        () => {
          window.statusLog = [];
          const started = Date.now();
          setInterval(() => {
            for (const row of document.querySelectorAll('#collections-list tr[data-name]')) {
              const last = window.statusLog.findLast((e) => e.name === row.dataset.name);
              if (!last || last.status !== row.dataset.status) {
                window.statusLog.push({ name: row.dataset.name, status: row.dataset.status, at: (Date.now() - started) / 1000 });
              }
            }
          }, 100);
        }
        """;

    [Fact]
    public async Task A_killed_node_turns_the_collections_yellow_on_another_nodes_page_then_green_once_replicas_are_rebuilt()
    {
        await using var cluster = await ServeCluster.StartAsync(3);
        var clients = cluster.Nodes.Select(cluster.Client).ToList();
        await ClusterWebFixture.CreateAsync(clients[0], "docs", shards: 3, replicas: 2);
        await ClusterWebFixture.CreateAsync(clients[1], "triple", shards: 2, replicas: 3);
        await ClusterWebFixture.WaitForStatusAsync(clients[0], "docs", "green");
        await ClusterWebFixture.WaitForStatusAsync(clients[0], "triple", "green");

        await using var browser = await BrowserSession.LaunchAsync();
        await using var page = await browser.OpenAsync(cluster.Nodes[0].Address, "collections", apiKey: null);
        await ClusterView.WaitForStatusAsync(page, "docs", "green");
        await ClusterView.WaitForStatusAsync(page, "triple", "green");
        await page.Page.EvaluateAsync(Watch);

        // SIGKILL the third node: the page on the first one shows it dead and both collections degraded.
        var killed = (await ClusterWebFixture.GetAsync(clients[2], "/cluster"))["silo"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        await cluster.Nodes[2].KillAsync();
        await ClusterView.WaitForStatusAsync(page, "triple", "yellow");
        var yellowAt = clock.Elapsed;
        await page.WaitForAsync($"document.querySelector('#cluster-members li[data-silo=\"{killed}\"]')?.dataset.status === 'dead'", "the dead member");

        // docs is rebuilt on the two nodes left: green again, none of its replicas on the dead silo.
        await page.WaitForAsync(
            "document.querySelector('tr[data-name=docs]')?.dataset.status === 'green'"
                + $" && !document.querySelector('tr[data-name=docs] .replica[data-silo=\"{killed}\"]')",
            "docs green again without the dead silo");
        var docsGreenAt = clock.Elapsed;
        await AssertShowsAsync(page, clients[0], "docs");

        // triple cannot have three replicas on two nodes: yellow, its warning naming its shards, each shard with its two live replicas.
        var triple = await ClusterView.ReadAsync(page, "triple");
        Assert.Equal("yellow", triple["status"]!.GetValue<string>());
        Assert.Contains(triple["warnings"]!.AsArray(), w => w!.GetValue<string>().StartsWith("shard(s) 0, 1 ", StringComparison.Ordinal));
        Assert.All(triple["shards"]!.AsArray(), shard =>
        {
            Assert.Equal("degraded", shard!["state"]!.GetValue<string>());
            Assert.Equal(2, shard["replicas"]!.AsArray().Count(r => r!["state"]!.GetValue<string>() == "in-sync"));
        });
        await page.ScreenshotAsync("cluster-degraded");

        // A fourth node joins: triple's replicas are built there and it turns green; the page shows three active members again.
        var added = await cluster.AddNodeAsync();
        await cluster.WaitForActiveAsync(added, 3);
        await ClusterView.WaitForStatusAsync(page, "triple", "green");
        var tripleGreenAt = clock.Elapsed;
        await ClusterView.WaitForStatusAsync(page, "docs", "green");
        await page.WaitForAsync("document.querySelectorAll('#cluster-members li.member[data-status=active]').length === 3", "three active members");
        await AssertShowsAsync(page, clients[0], "triple");
        await AssertShowsAsync(page, clients[0], "docs");
        await page.ScreenshotAsync("cluster-recovered");

        var log = JsonNode.Parse(await page.Page.EvaluateAsync<string>("JSON.stringify(window.statusLog)"))!.AsArray();
        // What triple showed, in order (a red moment, while a query of the counts still reaches the dead node, left out): green,
        // yellow, green.
        var tripleLog = log.Where(e => e!["name"]!.GetValue<string>() == "triple" && e["status"]!.GetValue<string>() != "red")
            .Select(e => e!["status"]!.GetValue<string>()).ToList();
        Assert.Equal(["green", "yellow", "green"], tripleLog.Where((status, i) => i == 0 || tripleLog[i - 1] != status).ToList());
        output.WriteLine($"triple yellow on the page {yellowAt.TotalSeconds:F1} s after the kill, docs green again at {docsGreenAt.TotalSeconds:F1} s, "
            + $"triple green at {tripleGreenAt.TotalSeconds:F1} s; statuses the page showed: {log.ToJsonString()}");
        page.AssertClean();
    }

    /// <summary>Asserts that the page shows what the API answers about a collection and the cluster; the page refreshes itself every
    /// 2 to 15 s and replicas may still be moving onto a new node, so a difference is given two minutes to go before it fails.</summary>
    private static async Task AssertShowsAsync(DashboardPage page, HttpClient client, string name)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var expected = ClusterView.Expected(
                await ClusterWebFixture.GetAsync(client, $"/collections/{name}"), await ClusterWebFixture.GetAsync(client, "/cluster"));
            var shown = await ClusterView.ReadAsync(page, name);
            if (expected.ToJsonString() == shown.ToJsonString() || clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                ClusterView.AssertSame(expected, shown);
                return;
            }

            await Task.Delay(1000);
        }
    }
}
