using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Tests;

/// <summary>Faults below the shard map: a silo whose disk is full (an injected write failure: every write of a shard replica on it
/// throws "No space left on device"), and the shard map's Redis not answering (its process stopped with SIGSTOP).</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class FaultTests
{
    [Fact]
    public async Task A_replica_whose_disk_is_full_is_dropped_the_write_is_acknowledged_and_nothing_is_lost()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(3);
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(3, 2, 1));
        await using var stream = WriteStream.Start(collections, "docs");
        await stream.WaitForBatchesAsync(15);

        // Silo 1 holds a primary and a backup of some shards; its disk fills up. Writes keep being acknowledged: a failed backup is
        // dropped from the in-sync set first, a failed primary hands its shard to an in-sync backup, and the write goes there.
        var full = cluster.Cluster.Silos[1];
        cluster.SetDiskFull(full.Name, full: true);
        await stream.WaitForBatchesAsync(30);
        var during = await collections.GetAsync("docs");
        Assert.DoesNotContain(during.Shards.SelectMany(shard => shard.Replicas), r => r.Silo.Equals(full.SiloAddress) && r.InSync);

        // Once the disk has room again, replicas are built there again or on another silo; nothing acknowledged was lost.
        cluster.SetDiskFull(full.Name, full: false);
        var silos = cluster.Cluster.Silos.Select(silo => silo.SiloAddress).ToList();
        var healed = await ShardChecks.WaitForFullStrengthAsync(collections, "docs", silos);
        await stream.WaitForBatchesAsync(10);
        await stream.StopAsync();

        healed = await collections.GetAsync("docs");
        await ShardChecks.AssertEveryReplicaHoldsAsync(cluster.Cluster.Client, healed, stream.Acknowledged);
        await ShardChecks.AssertSearchesEqualOracleAsync(collections, "docs", stream.Acknowledged);
    }

    [Fact]
    public async Task While_redis_does_not_answer_writes_go_on_and_a_write_that_must_change_the_map_waits()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(3);
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(3, 2, 1));
        await collections.UpsertAsync("docs", [.. Enumerable.Range(0, 30).Select(i => WriteStream.Point((ulong)i, 1))]);
        var before = await collections.GetAsync("docs");

        cluster.Redis.Pause();
        try
        {
            // The shard map is in memory: writes whose replicas all apply them, searches and counts go on as before.
            await collections.UpsertAsync("docs", [.. Enumerable.Range(0, 30).Select(i => WriteStream.Point((ulong)i, 2))]);
            var search = await collections.SearchAsync("docs", new ClusterSearch("s", WriteStream.SparseQuery, 100));
            Assert.True(search.Complete);
            Assert.Equal(30, search.Hits.Count);
            Assert.Equal(30, (await collections.CountAsync("docs")).Count);

            // A write that fails on one replica needs the map to drop it from the in-sync set, which cannot be saved: the write is
            // not acknowledged (the router keeps trying) and the map does not change.
            var full = cluster.Cluster.Silos[2];
            cluster.SetDiskFull(full.Name, full: true);
            var shard = before.Shards.First(s => s.Replicas.Any(r => r.Silo.Equals(full.SiloAddress)) && !s.PrimaryReplica.Silo.Equals(full.SiloAddress));
            var id = Enumerable.Range(100, 1000).Select(i => (ulong)i).First(i => ShardRouter.ShardOf(PointId.FromNumber(i), 3) == shard.Shard);
            var pending = collections.UpsertAsync("docs", [WriteStream.Point(id, 3)]);
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.False(pending.IsCompleted, pending.Exception?.ToString());
            var unchanged = await collections.GetAsync("docs");
            Assert.Equal(ShardChecks.Describe(before), ShardChecks.Describe(unchanged));

            // Redis answers again: the failed replica is dropped, the write acknowledged.
            cluster.Redis.Resume();
            await pending;
            var after = await collections.GetAsync("docs");
            Assert.DoesNotContain(after.Shards[shard.Shard].Replicas, r => r.Silo.Equals(full.SiloAddress) && r.InSync);
            var (stored, missing) = await collections.RetrieveAsync("docs", [PointId.FromNumber(id)]);
            Assert.Empty(missing);
            Assert.Equal(3, stored.Single().Payload!["v"]!.GetValue<int>());
            cluster.SetDiskFull(full.Name, full: false);
        }
        finally
        {
            cluster.Redis.Resume();
        }
    }
}
