using Microsoft.Extensions.DependencyInjection;
using Splade.Cluster.Hosting;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Tests;

/// <summary>The sweep of forgotten replica folders deletes exactly the folders no shard map entry can use (a deleted collection's, a
/// replica number the shard no longer has, a copy of a replica that lives on another active silo), and keeps the silo's own replicas,
/// a replica being built, and the folder of a replica the map keeps on a dead silo (it may be this disk after a restart).</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class ReplicaSweepTests
{
    [Fact]
    public async Task Only_folders_that_no_map_entry_can_use_are_deleted()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(4);
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(4, 2, 1));
        await collections.CreateAsync("single", WriteStream.Config, new ShardingSpec(4, 1, 1));
        var points = Enumerable.Range(0, 40).Select(i => WriteStream.Point((ulong)i, 1)).ToList();
        await collections.UpsertAsync("docs", points);
        await collections.UpsertAsync("single", points);

        var silo = cluster.Cluster.Silos[0];
        var root = Path.Combine(cluster.DataFolder(silo.Name), "replicas");
        var docs = await collections.GetAsync("docs");
        var own = docs.Shards
            .SelectMany(shard => shard.Replicas.Where(r => r.Silo.Equals(silo.SiloAddress)).Select(r => $"docs/{shard.Shard}-{r.Replica}"))
            .ToList();
        Assert.NotEmpty(own);
        var dead = cluster.Cluster.Silos[1];
        var elsewhere = docs.Shards.SelectMany(shard => shard.Replicas.Where(r => !r.Silo.Equals(silo.SiloAddress) && !r.Silo.Equals(dead.SiloAddress))
            .Select(r => (Shard: shard.Shard, r.Replica))).ToList();

        // A silo of "single" dies with the only replica of its shards: the map keeps those entries (on the dead silo) until the silo
        // comes back, so a folder of that replica here may be this disk's and is kept.
        var single = await collections.GetAsync("single");
        var kept = single.Shards.First(shard => shard.Replicas.Any(r => r.Silo.Equals(dead.SiloAddress)));
        await cluster.Cluster.KillSiloAsync(dead);
        await WaitUntilForgottenAsync(collections, dead.SiloAddress);

        string[] orphans =
        [
            "gone/0-0", "docs/0-99", $"docs/{elsewhere[0].Shard}-{elsewhere[0].Replica}",
            $"docs/{elsewhere[1].Shard}-{elsewhere[1].Replica}.recovering",
        ];
        var keptFolder = $"single/{kept.Shard}-{kept.Replicas[0].Replica}";
        foreach (var folder in orphans.Append(keptFolder))
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            await File.WriteAllTextAsync(Path.Combine(root, folder, "leftover"), "old data");
        }

        var deleted = await silo.ServiceProvider.GetRequiredService<ReplicaSweeper>().SweepAsync();

        Assert.Equal(
            new[] { "docs/0/99", $"docs/{elsewhere[0].Shard}/{elsewhere[0].Replica}", $"docs/{elsewhere[1].Shard}/{elsewhere[1].Replica}", "gone/0/0" }
                .Order(StringComparer.Ordinal),
            deleted.Order(StringComparer.Ordinal));
        foreach (var folder in orphans)
        {
            Assert.False(Directory.Exists(Path.Combine(root, folder)), folder);
        }

        Assert.False(Directory.Exists(Path.Combine(root, "gone")), "the emptied collection folder stays");
        Assert.True(File.Exists(Path.Combine(root, keptFolder, "leftover")));
        foreach (var folder in own)
        {
            Assert.True(Directory.Exists(Path.Combine(root, folder)), folder);
        }

        Assert.Empty(Directory.GetDirectories(Path.Combine(cluster.DataFolder(silo.Name), "replicas.deleting")));

        // The silo's own replicas still serve: a search over "docs" (every shard has a live replica) equals the oracle.
        var acknowledged = points.ToDictionary(point => point.Id.Number, _ => (int?)1);
        await ShardChecks.AssertSearchesEqualOracleAsync(collections, "docs", acknowledged);
    }

    [Fact]
    public async Task A_replica_being_built_is_not_swept()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(3, copyChunkBytes: 64);
        var collections = cluster.Collections;
        await collections.CreateAsync("docs", WriteStream.Config, new ShardingSpec(3, 2, 1));
        await collections.UpsertAsync("docs", [.. Enumerable.Range(0, 600).Select(i => WriteStream.Point((ulong)i, 1))]);

        // Every chunk read hangs (for less than the copy stall timeout): the replicas built to replace a killed silo's stay mid-copy.
        cluster.SetCopiesStalled(true);
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[2]);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        string? copying = null;
        Orleans.TestingHost.InProcessSiloHandle? holder = null;
        while (copying is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no replica is being copied: " + ShardChecks.Describe(await collections.GetAsync("docs")));
            await Task.Delay(200);
            foreach (var silo in cluster.Cluster.Silos.Take(2))
            {
                var folder = Path.Combine(cluster.DataFolder(silo.Name), "replicas", "docs");
                if (Directory.Exists(folder) && Directory.GetDirectories(folder, "*.recovering").FirstOrDefault() is { } found)
                {
                    (copying, holder) = (found, silo);
                }
            }
        }

        Assert.Empty(await holder!.ServiceProvider.GetRequiredService<ReplicaSweeper>().SweepAsync());
        Assert.True(Directory.Exists(copying), copying);
        cluster.SetCopiesStalled(false);
        var survivors = cluster.Cluster.Silos.Take(2).Select(silo => silo.SiloAddress).ToList();
        await ShardChecks.WaitForFullStrengthAsync(collections, "docs", survivors);
    }

    /// <summary>Waits until the map has forgotten the dead silo's replicas of <c>docs</c> (it knows the silo is dead).</summary>
    private static async Task WaitUntilForgottenAsync(Routing.ClusterCollections collections, SiloAddress silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        CollectionShardMap map;
        while ((map = await collections.GetAsync("docs")).Shards.Any(shard => shard.Replicas.Any(r => r.Silo.Equals(silo))))
        {
            Assert.True(DateTime.UtcNow < deadline, ShardChecks.Describe(map));
            await Task.Delay(200);
        }
    }
}
