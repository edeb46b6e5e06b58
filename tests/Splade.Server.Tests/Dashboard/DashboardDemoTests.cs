using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Splade.Tests.Shared;
using Splade.Tests.Shared.Browser;

namespace Splade.Server.Tests.Dashboard;

/// <summary>The collections panel following the demo collection's real background encoding: a <c>splade serve</c> process on an
/// empty data folder creates <c>medline</c> and encodes its SPLADE and dense vectors in the background while the page watches.</summary>
public sealed class DashboardDemoTests
{
    /// <summary>What the page's row for medline shows: status, point count and each background task's progress bar.</summary>
    private const string Row = """
        (() => {
          const row = document.querySelector('#collections-list tr[data-name=medline]');
          if (!row) return null;
          const tasks = [...row.querySelectorAll('.task')].map((t) => {
            const bar = t.querySelector('progress');
            return { task: t.dataset.task, done: bar.value, total: bar.max, text: t.textContent };
          });
          return { status: row.querySelector('.status').textContent, points: row.querySelector('td.num').textContent, tasks };
        })()
        """;

    [Fact]
    public async Task The_collections_panel_shows_the_demo_encoding_progress_as_it_moves()
    {
        using var data = new TempFolder("splade-dashboard-demo-");
        await using var server = await ServerProcess.StartAsync(data.Path);
        using var client = server.CreateClient();
        await using var browser = await BrowserSession.LaunchAsync();
        await using var page = await browser.OpenAsync(server.Address, "collections", apiKey: null);

        // The page shows the encoding under way, with a progress bar that agrees with its text...
        await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=medline] .task progress')", "the demo's progress");
        var first = await page.EvaluateAsync<JsonElement>(Row);
        Assert.Equal("yellow", first.GetProperty("status").GetString());
        Assert.Equal("1,033", first.GetProperty("points").GetString());
        var task = first.GetProperty("tasks")[0];
        var name = task.GetProperty("task").GetString()!;
        var done = task.GetProperty("done").GetInt32();
        Assert.StartsWith("encode ", name, StringComparison.Ordinal);
        Assert.Equal(1033, task.GetProperty("total").GetInt32());
        Assert.Contains($"{name}: {done.ToString("N0", CultureInfo.InvariantCulture)} / 1,033", task.GetProperty("text").GetString(), StringComparison.Ordinal);
        await page.ScreenshotAsync("08-demo-progress");

        // ...and follows it without a reload: the bar moves on, or that task is done (the next one shown, or none, all done).
        await page.WaitForAsync(
            $$"""
            (() => { const row = {{Row.Trim()}}; if (!row) return false;
                     const same = row.tasks.find((t) => t.task === {{JsonSerializer.Serialize(name)}});
                     return !same || same.done > {{done.ToString(CultureInfo.InvariantCulture)}}; })()
            """,
            $"the progress to move past {name} {done} / 1033");
        var later = await page.EvaluateAsync<JsonElement>(Row);

        // What the page shows is what the API reports; the API is at least as far along as the page, which polls it.
        var info = JsonNode.Parse(await client.GetStringAsync("/collections/medline"))!["result"]!;
        Assert.Equal(1033, info["points_count"]!.GetValue<int>());
        foreach (var shown in later.GetProperty("tasks").EnumerateArray())
        {
            if (info["splade"]?["background_tasks"]?[shown.GetProperty("task").GetString()!] is { } reported)
            {
                Assert.Equal(shown.GetProperty("total").GetInt32(), reported["total"]!.GetValue<int>());
                Assert.InRange(reported["done"]!.GetValue<int>(), shown.GetProperty("done").GetInt32(), shown.GetProperty("total").GetInt32());
            }
        }

        // Its points, page by page, as the API's scroll gives them.
        await page["tr[data-name=medline] .row-actions button:has-text('Browse')"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#collection-detail tr[data-id]').length === 20", "the first page of points");
        var scroll = await ScrollAsync(client, null);
        Assert.Equal(scroll.Ids, await page.AllAsync("#collection-detail tr[data-id]", "e.dataset.id"));
        await page["#collection-detail [data-next]"].ClickAsync();
        var second = await ScrollAsync(client, scroll.Next);
        await page.WaitForAsync($"document.querySelector('#collection-detail tr[data-id]')?.dataset.id === {JsonSerializer.Serialize(second.Ids[0])}",
            "the second page of points");
        Assert.Equal(second.Ids, await page.AllAsync("#collection-detail tr[data-id]", "e.dataset.id"));
        page.AssertClean();
    }

    private static async Task<(string[] Ids, JsonNode? Next)> ScrollAsync(HttpClient client, JsonNode? offset)
    {
        var request = new JsonObject { ["limit"] = 20, ["with_payload"] = true, ["with_vector"] = false };
        if (offset is not null)
        {
            request["offset"] = offset.DeepClone();
        }

        using var content = new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/collections/medline/points/scroll", content);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!;
        return ([.. result["points"]!.AsArray().Select(p => p!["id"]!.ToString())], result["next_page_offset"]);
    }
}
