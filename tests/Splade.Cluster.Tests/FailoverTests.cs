using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Orleans.Configuration;
using Orleans.TestingHost;
using Splade.Cluster.Grains;
using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>A silo killed while writes and searches stream through the cluster: every acknowledged write survives, searches keep
/// answering (from backups), backups of the lost primaries are promoted, and a collection without replicas names its lost shards.</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class FailoverTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new("splade-failover-");
    private RedisServer _redis = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddSpladeClusterRedisStorage(_redis.Configuration);
            silo.AddSpladeCluster(new ClusterNodeOptions { DataFolder = _data.Combine(options.SiloName) });
            ReplicatedCluster.DetectFailuresFast(silo);
        });
        ReplicatedCluster.ShortenClientTimeout(builder);
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _redis.Dispose();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_killed_silo_loses_no_acknowledged_write_and_searches_keep_answering()
    {
        var collections = new ClusterCollections(_cluster.Client);
        var config = new CollectionConfig { Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty)] };
        await collections.CreateAsync("replicated", config, new ShardingSpec(6, 2, 1));
        await collections.CreateAsync("single", config, new ShardingSpec(6, 1, 1));
        await collections.UpsertAsync("single", [.. Enumerable.Range(0, 60).Select(i => Point((ulong)i, 0))]);
        var before = await collections.GetAsync("replicated");

        var acknowledged = new ConcurrentDictionary<ulong, int>();
        var searchErrors = new ConcurrentQueue<string>();
        var searches = 0;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var result = await collections.SearchAsync("replicated", new ClusterSearch("s", Query, 10));
                    if (!result.Complete)
                    {
                        searchErrors.Enqueue($"shards missing: {string.Join(",", result.MissingShards)}");
                    }
                }
                catch (Exception error)
                {
                    searchErrors.Enqueue(error.GetType().Name + ": " + error.Message);
                }

                Interlocked.Increment(ref searches);
            }
        });

        var victim = _cluster.Silos[2];
        for (var batch = 1; batch <= 60; batch++)
        {
            if (batch == 20)
            {
                await _cluster.KillSiloAsync(victim);
            }

            var points = Enumerable.Range(0, 5).Select(i => Point((ulong)((batch * 5 + i) % 120), batch)).ToList();
            await collections.UpsertAsync("replicated", points);
            foreach (var point in points)
            {
                acknowledged[point.Id.Number] = batch;
            }
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(searchErrors.IsEmpty, string.Join("\n", searchErrors.Take(5)));
        Assert.True(searches > 0);

        var (stored, missing) = await collections.RetrieveAsync("replicated", [.. acknowledged.Keys.Select(PointId.FromNumber)]);
        Assert.Empty(missing);
        Assert.Equal(acknowledged.Count, stored.Count);
        foreach (var point in stored)
        {
            Assert.Equal(acknowledged[point.Id.Number], point.Payload!["v"]!.GetValue<int>());
        }

        var all = await collections.SearchAsync("replicated", new ClusterSearch("s", Query, 1000));
        Assert.True(all.Complete);
        Assert.Equal(acknowledged.Keys.Order(), all.Hits.Select(hit => hit.Id.Number).Order());

        // Every shard whose primary was on the killed silo has a new primary, a higher term, and the old primary out of the in-sync
        // set (and soon out of the map: a replacement is built on the surviving silo).
        var after = await collections.GetAsync("replicated");
        var lost = victim.SiloAddress;
        var promoted = 0;
        foreach (var (old, now) in before.Shards.Zip(after.Shards))
        {
            if (old.PrimaryReplica.Silo.Equals(lost))
            {
                Assert.NotEqual(old.Primary, now.Primary);
                Assert.True(now.Term > old.Term);
                Assert.DoesNotContain(now.Replicas, r => r.Replica == old.Primary && r.InSync);
                promoted++;
            }

            Assert.NotEqual(lost, now.PrimaryReplica.Silo);
        }

        Assert.True(promoted > 0);

        // A deposed primary acknowledges nothing: the shard map refuses its term, and the replicas that learnt the new term refuse
        // its writes.
        var grains = _cluster.Client;
        var map = grains.GetGrain<IShardMapGrain>(ShardMapGrain.Key);
        var (deposed, current) = before.Shards.Zip(after.Shards).First(pair => pair.First.PrimaryReplica.Silo.Equals(lost));
        var survivor = current.PrimaryReplica;
        await Assert.ThrowsAsync<ShardException>(() => map.DropFromInSyncAsync("replicated", deposed.Shard, survivor.Replica, deposed.Term));
        var stale = new ShardWrite { Upserts = [WirePoint.From(Point(1000, -1))], Term = deposed.Term, Sequence = 1 };
        await Assert.ThrowsAsync<ShardException>(() => PlacementHint.CallOn(survivor.Silo, () => grains
            .GetGrain<IShardReplicaGrain>(new ReplicaKey("replicated", deposed.Shard, survivor.Replica).ToString()).ReplicateAsync(stale)));

        // With one replica a shard, the shards of the killed silo are gone: a search answers with the others and names them.
        var single = await collections.GetAsync("single");
        var gone = single.Shards.Where(shard => shard.PrimaryReplica.Silo.Equals(lost)).Select(shard => shard.Shard).ToList();
        var partial = await collections.SearchAsync("single", new ClusterSearch("s", Query, 1000));
        Assert.NotEmpty(gone);
        Assert.Equal(gone, partial.MissingShards);
        var surviving = Enumerable.Range(0, 60).Count(i => !gone.Contains(ShardRouter.ShardOf(PointId.FromNumber((ulong)i), 6)));
        Assert.Equal(surviving, partial.Hits.Count);
    }

    private static VectorValue Query { get; } = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [1] = 1f }));

    private static PointInput Point(ulong id, int version) => new(
        PointId.FromNumber(id),
        new Dictionary<string, VectorValue>(StringComparer.Ordinal)
        {
            ["s"] = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [1] = 1f + (id % 7), [2 + (uint)(id % 5)] = 0.5f })),
        },
        new JsonObject { ["v"] = version });
}
