using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Tests.Shared.Browser;

namespace Splade.Cluster.Tests.Web;

/// <summary>What the dashboard's Collections panel shows of a cluster (its members, each collection's status and shards), read from
/// the page, and the same derived from the API's answers (<c>GET /cluster</c> and the collection info), for comparison.</summary>
internal static class ClusterView
{
    private const string Read = """
        (name) => {
          const row = document.querySelector(`#collections-list tr[data-name="${CSS.escape(name)}"]`);
          return JSON.stringify({
            status: row?.dataset.status ?? null,
            warnings: [...(row?.querySelectorAll('.warning') ?? [])].map((w) => w.textContent),
            summary: row?.querySelector('.shards .summary')?.textContent ?? null,
            shards: [...(row?.querySelectorAll('li.shard') ?? [])].map((s) => ({
              shard: Number(s.dataset.shard), term: Number(s.dataset.term), state: s.dataset.state,
              replicas: [...s.querySelectorAll('.replica')].map((r) => ({
                replica: Number(r.dataset.replica), silo: r.dataset.silo, state: r.dataset.state, primary: r.dataset.primary === 'true' })),
            })),
            members: [...document.querySelectorAll('#cluster-members li.member')].map((m) => ({
              silo: m.dataset.silo, status: m.dataset.status, self: m.dataset.self === 'true' })),
          });
        }
        """;

    /// <summary>Waits until the page's row of <paramref name="name"/> shows <paramref name="status"/> (the panel refreshes itself).
    /// </summary>
    public static Task WaitForStatusAsync(DashboardPage page, string name, string status)
        => page.WaitForAsync(
            $"document.querySelector('#collections-list tr[data-name=\"{name}\"]')?.dataset.status === '{status}'", $"{name} to be {status} on the page");

    /// <summary>The page's view as JSON: the row's status, warnings and shard summary, each shard with its replicas, the members.</summary>
    public static async Task<JsonNode> ReadAsync(DashboardPage page, string name)
        => JsonNode.Parse(await page.Page.EvaluateAsync<string>(Read, name))!;

    /// <summary>The same view derived from the API: the collection info's status, warnings and shards (primary first, then by
    /// replica number) and <c>GET /cluster</c>'s members (active first, dead last, as the page orders them).</summary>
    public static JsonNode Expected(JsonNode info, JsonNode cluster)
    {
        var replication = info["config"]!["params"]!["replication_factor"]!.GetValue<int>();
        var shards = info["splade"]!["shards"]!.AsArray();
        var self = cluster["silo"]!.GetValue<string>();
        return new JsonObject
        {
            ["status"] = info["status"]!.GetValue<string>(),
            ["warnings"] = new JsonArray([.. info["warnings"]!.AsArray().Select(w => (JsonNode)w!["message"]!.GetValue<string>())]),
            ["summary"] = $"{shards.Count} shard{(shards.Count == 1 ? "" : "s")} × {replication} replica{(replication == 1 ? "" : "s")}",
            ["shards"] = new JsonArray([.. shards.Select(shard =>
            {
                var replicas = shard!["replicas"]!.AsArray()
                    .OrderByDescending(r => r!["primary"]!.GetValue<bool>()).ThenBy(r => r!["replica"]!.GetValue<int>())
                    .Select(r => new JsonObject
                    {
                        ["replica"] = r!["replica"]!.GetValue<int>(),
                        ["silo"] = r["silo"]!.GetValue<string>(),
                        ["state"] = State(r),
                        ["primary"] = r["primary"]!.GetValue<bool>(),
                    })
                    .ToList();
                var healthy = replicas.Count(r => r["state"]!.GetValue<string>() == "in-sync");
                return (JsonNode)new JsonObject
                {
                    ["shard"] = shard["shard"]!.GetValue<int>(),
                    ["term"] = shard["term"]!.GetValue<long>(),
                    ["state"] = healthy == 0 ? "missing" : healthy < replication || healthy < replicas.Count ? "degraded" : "ok",
                    ["replicas"] = new JsonArray([.. replicas]),
                };
            })]),
            ["members"] = new JsonArray([.. cluster["members"]!.AsArray()
                .OrderBy(m => m!["status"]!.GetValue<string>() switch { "active" => 0, "dead" => 2, _ => 1 })
                .Select(m => (JsonNode)new JsonObject
                {
                    ["silo"] = m!["silo"]!.GetValue<string>(),
                    ["status"] = m["status"]!.GetValue<string>(),
                    ["self"] = m["silo"]!.GetValue<string>() == self,
                })]),
        };
    }

    /// <summary>Asserts that the page shows exactly what the API answers.</summary>
    public static void AssertSame(JsonNode expected, JsonNode shown)
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        Assert.Equal(expected.ToJsonString(options), shown.ToJsonString(options));
    }

    private static string State(JsonNode replica)
        => !replica["silo_active"]!.GetValue<bool>() ? "silo-down"
            : replica["recovering"]!.GetValue<bool>() ? "recovering"
            : replica["leaving"]!.GetValue<bool>() ? "leaving"
            : replica["in_sync"]!.GetValue<bool>() ? "in-sync" : "out-of-sync";
}
