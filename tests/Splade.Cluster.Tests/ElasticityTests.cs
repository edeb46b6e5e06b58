using Orleans.Runtime;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Tests;

/// <summary>Silos joining and leaving a serving cluster: replicas move onto a silo that joins (copy, catch up, switch, drop the
/// old one) and off a drained silo, while writes and searches stream through it without an error.</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class ElasticityTests
{
    [Fact]
    public async Task Replicas_move_onto_a_joining_silo_and_off_a_drained_one_while_the_cluster_serves()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(3);
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(4, 2, 1));
        await using var stream = WriteStream.Start(collections, "docs");
        await stream.WaitForBatchesAsync(20);

        // A fourth silo joins: replicas move onto it until no silo holds two more than another (8 replicas over 4 silos: 2 each).
        var joined = await cluster.Cluster.StartAdditionalSiloAsync();
        var silos = cluster.Cluster.Silos.Select(silo => silo.SiloAddress).ToList();
        var balanced = await ShardChecks.WaitForFullStrengthAsync(collections, "docs", silos, map =>
        {
            var load = ShardChecks.Load(map);
            return load.GetValueOrDefault(joined.SiloAddress) >= 2 && load.Values.Max() - load.Values.Min() <= 1 && load.Count == 4;
        });
        await stream.WaitForBatchesAsync(10);

        // The first silo is drained: its replicas are rebuilt elsewhere, primaries hand over, and it ends up holding nothing.
        var drained = cluster.Cluster.Silos[0];
        var held = ShardChecks.Load(balanced).GetValueOrDefault(drained.SiloAddress);
        Assert.True(held > 0);
        Assert.Equal(held, await collections.DrainAsync(drained.SiloAddress));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (await collections.DrainAsync(drained.SiloAddress) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, ShardChecks.Describe(await collections.GetAsync("docs")));
            await Task.Delay(200);
        }

        var rest = silos.Where(silo => !silo.Equals(drained.SiloAddress)).ToList();
        var final = await ShardChecks.WaitForFullStrengthAsync(collections, "docs", rest);
        await stream.WaitForBatchesAsync(10);
        await stream.StopAsync();

        // Nothing is left of the drained silo's replicas, on the map or on its disk.
        Assert.DoesNotContain(final.Shards.SelectMany(shard => shard.Replicas), r => r.Silo.Equals(drained.SiloAddress));
        var folder = Path.Combine(cluster.DataFolder(drained.Name), "replicas", "docs");
        Assert.True(!Directory.Exists(folder) || Directory.GetDirectories(folder).Length == 0);

        // A collection created now is placed on the silos that stay.
        await collections.CreateAsync("later", WriteStream.Config, new ShardingSpec(3, 2, 1));
        Assert.DoesNotContain((await collections.GetAsync("later")).Shards.SelectMany(shard => shard.Replicas), r => r.Silo.Equals(drained.SiloAddress));

        final = await collections.GetAsync("docs");
        await ShardChecks.AssertEveryReplicaHoldsAsync(cluster.Cluster.Client, final, stream.Acknowledged);
        await ShardChecks.AssertSearchesEqualOracleAsync(collections, "docs", stream.Acknowledged);
    }
}
