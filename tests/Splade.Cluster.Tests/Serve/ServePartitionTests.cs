using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Splade.Cluster.Grains;
using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;
using Splade.Server.Tests.Process;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests.Serve;

/// <summary>A primary's process paused (SIGSTOP) while writes go on through another node: the shard map promotes a backup, the write is
/// acknowledged by the new primary, and once the old process runs again (SIGCONT) its term is refused everywhere it would need to be
/// accepted to acknowledge a write: by the shard map (it cannot drop a backup from the in-sync set) and by the promoted replica (it
/// cannot replicate to it).</summary>
public sealed class ServePartitionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_paused_primary_is_deposed_and_its_term_is_refused()
    {
        await using var cluster = await ServeCluster.StartAsync(3);
        var clients = cluster.Nodes.Select(cluster.Client).ToList();
        await ServerCalls.SendAsync(clients[0], HttpMethod.Put, "/collections/p", TestPoints.Collection(shards: 3, replicas: 2).ToJsonString());

        // A node of another cluster id on the same Redis is in a cluster of its own: it sees neither the members nor the collections.
        var stranger = cluster.Client(await cluster.AddNodeAsync("--cluster-id", "another"));
        var alone = (await ServerCalls.SendAsync(stranger, HttpMethod.Get, "/cluster", string.Empty))["result"]!;
        Assert.Equal("another", alone["cluster_id"]!.GetValue<string>());
        Assert.Equal([alone["silo"]!.GetValue<string>()], alone["members"]!.AsArray().Select(member => member!["silo"]!.GetValue<string>()));
        Assert.Empty((await ServerCalls.SendAsync(stranger, HttpMethod.Get, "/collections", string.Empty))["result"]!["collections"]!.AsArray());
        var ours = (await ServerCalls.SendAsync(clients[0], HttpMethod.Get, "/cluster", string.Empty))["result"]!;
        Assert.Equal("splade", ours["cluster_id"]!.GetValue<string>());
        Assert.DoesNotContain(alone["silo"]!.GetValue<string>(), ours["members"]!.AsArray().Select(member => member!["silo"]!.GetValue<string>()));

        // The node whose silo holds shard 0's primary, and a node that does not.
        var before = (await ServerCalls.SendAsync(clients[0], HttpMethod.Get, "/collections/p", string.Empty))["result"]!["splade"]!["shards"]![0]!;
        var oldTerm = before["term"]!.GetValue<long>();
        var oldPrimary = before["primary"]!.GetValue<int>();
        var primarySilo = before["replicas"]!.AsArray().Single(replica => replica!["primary"]!.GetValue<bool>())!["silo"]!.GetValue<string>();
        var silos = new List<string>();
        foreach (var client in clients)
        {
            silos.Add((await ServerCalls.SendAsync(client, HttpMethod.Get, "/cluster", string.Empty))["result"]!["silo"]!.GetValue<string>());
        }

        var paused = silos.IndexOf(primarySilo);
        Assert.True(paused >= 0, $"no node runs silo {primarySilo}: {string.Join(", ", silos)}");
        var other = clients[(paused + 1) % clients.Count];
        var ids = Enumerable.Range(1, 200).Select(i => (long)i).Where(id => ShardRouter.ShardOf(PointId.FromNumber((ulong)id), 3) == 0).Take(5).ToList();
        await ServerCalls.SendAsync(other, HttpMethod.Put, "/collections/p/points?wait=true", TestPoints.Upsert(ids.Select(id => (id, 1))).ToJsonString());

        await ServeCluster.SignalAsync(cluster.Nodes[paused], "STOP");
        var clock = Stopwatch.StartNew();
        await ServerCalls.SendAsync(other, HttpMethod.Put, "/collections/p/points?wait=true", TestPoints.Upsert(ids.Select(id => (id, 2))).ToJsonString());
        var acknowledgedAfter = clock.Elapsed;

        // The map promoted a backup in a higher term; the old primary is out of the in-sync set (or already forgotten, its silo dead).
        var after = (await ServerCalls.SendAsync(other, HttpMethod.Get, "/collections/p", string.Empty))["result"]!["splade"]!["shards"]![0]!;
        Assert.True(after["term"]!.GetValue<long>() > oldTerm, after.ToJsonString());
        Assert.NotEqual(oldPrimary, after["primary"]!.GetValue<int>());
        var old = after["replicas"]!.AsArray().SingleOrDefault(replica => replica!["replica"]!.GetValue<int>() == oldPrimary);
        Assert.True(old is null || !old["in_sync"]!.GetValue<bool>(), after.ToJsonString());

        await ServeCluster.SignalAsync(cluster.Nodes[paused], "CONT");

        // The deposed primary's term is refused by the shard map and by the promoted replica.
        using var host = ClusterHost.BuildClient(cluster.RedisAddress);
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var map = grains.GetGrain<IShardMapGrain>(ShardMapGrain.Key);
            var shard = (await map.GetAsync("p"))!.Shards[0];
            var newPrimary = shard.Primary;
            var refused = await Assert.ThrowsAsync<ShardException>(() => map.DropFromInSyncAsync("p", 0, newPrimary, oldTerm));
            Assert.Contains("newer primary", refused.Message);
            var promoted = shard.Replicas.Single(replica => replica.Replica == newPrimary);
            var stale = new ShardWrite { Deletes = [PointId.FromNumber((ulong)ids[0]).ToEngineId()], Term = oldTerm, Sequence = 1_000_000 };
            var replicated = await Assert.ThrowsAsync<ShardException>(() => PlacementHint.CallOn(promoted.Silo,
                () => grains.GetGrain<IShardReplicaGrain>(new ReplicaKey("p", 0, newPrimary).ToString()).ReplicateAsync(stale)));
            Assert.Contains("newer primary", replicated.Message);
        }
        finally
        {
            await host.StopAsync();
        }

        // Nothing the stale primary held overrides what the new one acknowledged: every point reads back at version 2.
        var points = await ServerCalls.ReadAllAsync(other, "p", withVector: false);
        Assert.Equal(ids.Order(), points.Keys.Order());
        Assert.All(points.Values, point => Assert.Equal(2, point["payload"]!["v"]!.GetValue<int>()));

        // The paused node was voted dead while it slept; membership says so.
        var members = (await ServerCalls.SendAsync(other, HttpMethod.Get, "/cluster", string.Empty))["result"]!["members"]!.AsArray();
        Assert.Equal("dead", members.Single(member => member!["silo"]!.GetValue<string>() == primarySilo)!["status"]!.GetValue<string>());
        output.WriteLine($"write through another node acknowledged {acknowledgedAfter.TotalSeconds:F1} s after the primary was paused");
    }
}
