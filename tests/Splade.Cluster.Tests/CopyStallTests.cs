using Splade.Cluster.Wire;

namespace Splade.Cluster.Tests;

/// <summary>A replica being built whose source stops answering its chunk reads: after the copy stall timeout it gives up, deletes its
/// partial copy and reports the failure, and the shard map places another; once the source answers again the shard returns to full
/// strength with every acknowledged write, while the stream of writes and searches goes on.</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class CopyStallTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_stalled_copy_gives_up_deletes_its_partial_copy_and_another_replica_is_placed()
    {
        // Chunks of 64 bytes: every file of a replica but the smallest is read in chunks, so every copy meets the stall. Calls between
        // silos wait 5 minutes for an answer, so that only the copy's own stall timeout can end a stalled build within the test.
        await using var cluster = await ReplicatedCluster.StartAsync(4, StallTimeout, copyChunkBytes: 64, responseTimeout: TimeSpan.FromMinutes(5));
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(4, 2, 1));
        await using var stream = WriteStream.Start(collections, "docs");
        await stream.WaitForBatchesAsync(15);

        // Draining a silo starts a build of each of its replicas elsewhere; every chunk read hangs.
        cluster.SetCopiesStalled(true);
        var drained = cluster.Cluster.Silos[3];
        var before = await collections.GetAsync("docs");
        var first = before.Shards.ToDictionary(shard => shard.Shard, shard => shard.NewReplicaNumber());
        Assert.True(await collections.DrainAsync(drained.SiloAddress) > 0);

        // A build that made no progress gave up: the map has placed a later one (a number above the shard's first new replica) and
        // the first one's folders are gone from every silo's disk.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        CollectionShardMap map;
        while (true)
        {
            map = await collections.GetAsync("docs");
            if (map.Shards.Any(shard => shard.Replicas.Any(r => r.Recovering && r.Replica > first[shard.Shard])))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "no stalled build was given up: " + ShardChecks.Describe(map));
            await Task.Delay(200);
        }

        var retried = map.Shards.First(shard => shard.Replicas.Any(r => r.Recovering && r.Replica > first[shard.Shard]));
        var abandoned = $"{retried.Shard}-{first[retried.Shard]}";
        foreach (var silo in cluster.Cluster.Silos)
        {
            var folder = Path.Combine(cluster.DataFolder(silo.Name), "replicas", "docs");
            Assert.False(Directory.Exists(Path.Combine(folder, abandoned)), $"{silo.Name} kept {abandoned}");
            Assert.False(Directory.Exists(Path.Combine(folder, abandoned + ".recovering")), $"{silo.Name} kept {abandoned}.recovering");
        }

        Assert.DoesNotContain(retried.Replicas, r => r.Replica == first[retried.Shard]);

        // The source answers again: the drain completes and every shard is at full strength on the silos that stay.
        cluster.SetCopiesStalled(false);
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await collections.DrainAsync(drained.SiloAddress) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, ShardChecks.Describe(await collections.GetAsync("docs")));
            await Task.Delay(200);
        }

        var rest = cluster.Cluster.Silos.Where(silo => silo != drained).Select(silo => silo.SiloAddress).ToList();
        var final = await ShardChecks.WaitForFullStrengthAsync(collections, "docs", rest);
        await stream.WaitForBatchesAsync(10);
        await stream.StopAsync();
        final = await collections.GetAsync("docs");
        await ShardChecks.AssertEveryReplicaHoldsAsync(cluster.Cluster.Client, final, stream.Acknowledged);
        await ShardChecks.AssertSearchesEqualOracleAsync(collections, "docs", stream.Acknowledged);
    }
}
