using Orleans.Runtime;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Tests;

/// <summary>A silo killed while writes and searches stream through the cluster: the shard map builds a replacement for each replica
/// it held on another silo (a copy of the primary's files, then the writes after it), returns them to the in-sync set while the
/// stream goes on, and at the end every in-sync replica holds exactly the acknowledged writes.</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class ReplicaRecoveryTests
{
    [Fact]
    public async Task A_replica_lost_with_its_silo_is_rebuilt_on_another_silo_while_writes_continue()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(4);
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(4, 2, 1));
        await using var stream = WriteStream.Start(collections, "docs");
        await stream.WaitForBatchesAsync(25);
        var before = await collections.GetAsync("docs");

        var victim = cluster.Cluster.Silos[3];
        var lost = before.Shards.Where(shard => shard.Replicas.Any(r => r.Silo.Equals(victim.SiloAddress))).ToList();
        Assert.NotEmpty(lost);
        await cluster.Cluster.KillSiloAsync(victim);
        await stream.WaitForBatchesAsync(20);

        var survivors = cluster.Cluster.Silos.Where(silo => silo != victim).Select(silo => silo.SiloAddress).ToList();
        var after = await ShardChecks.WaitForFullStrengthAsync(collections, "docs", survivors);
        await stream.WaitForBatchesAsync(15);
        await stream.StopAsync();

        // Each shard that had a replica on the dead silo has a new replica (a number it never had) on another silo, in sync.
        foreach (var old in lost)
        {
            var now = after.Shards[old.Shard];
            var built = now.Replicas.Where(r => old.Replicas.All(o => o.Replica != r.Replica)).ToList();
            Assert.True(built.Count == 1, ShardChecks.Describe(after));
            Assert.DoesNotContain(built[0].Silo, old.Replicas.Select(r => r.Silo));
        }

        after = await collections.GetAsync("docs");
        await ShardChecks.AssertEveryReplicaHoldsAsync(cluster.Cluster.Client, after, stream.Acknowledged);
        await ShardChecks.AssertSearchesEqualOracleAsync(collections, "docs", stream.Acknowledged);
    }
}
