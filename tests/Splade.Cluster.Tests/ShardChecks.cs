using Orleans;
using Orleans.Runtime;
using Splade.Cluster.Grains;
using Splade.Cluster.Placement;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>Checks of a replicated collection after a stream of writes: the shard map back to full strength, every in-sync replica
/// holding exactly the acknowledged points, and searches equal to a single machine holding them.</summary>
internal static class ShardChecks
{
    /// <summary>Waits until every shard has <c>replication_factor</c> in-sync replicas on the given silos, none being built or
    /// leaving, and returns the map; <paramref name="accept"/> may ask for more.</summary>
    public static async Task<CollectionShardMap> WaitForFullStrengthAsync(
        ClusterCollections collections, string name, IReadOnlyCollection<SiloAddress> silos, Func<CollectionShardMap, bool>? accept = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var map = await collections.GetAsync(name);
            if (IsFullStrength(map, silos) && (accept?.Invoke(map) ?? true))
            {
                return map;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the shards of `{name}` did not recover: {Describe(map)}");
            await Task.Delay(200);
        }
    }

    public static bool IsFullStrength(CollectionShardMap map, IReadOnlyCollection<SiloAddress> silos)
        => map.Shards.All(shard => shard.Replicas.Count == map.ReplicationFactor
            && shard.Replicas.All(r => r.InSync && !r.Recovering && !r.Leaving && silos.Contains(r.Silo))
            && shard.Replicas.Select(r => r.Silo).Distinct().Count() == shard.Replicas.Count);

    public static string Describe(CollectionShardMap map)
        => string.Join("; ", map.Shards.Select(shard => $"shard {shard.Shard} term {shard.Term} primary {shard.Primary}: "
            + string.Join(", ", shard.Replicas.Select(r => $"{r.Replica}@{r.Silo}{(r.InSync ? " in-sync" : string.Empty)}"
                + $"{(r.Recovering ? " recovering" : string.Empty)}{(r.Leaving ? " leaving" : string.Empty)}"))));

    /// <summary>Every in-sync replica of every shard, asked directly, holds exactly the acknowledged points of its shard with their
    /// last acknowledged versions, and all of a shard's in-sync replicas have applied the same writes.</summary>
    public static async Task AssertEveryReplicaHoldsAsync(IGrainFactory grains, CollectionShardMap map, IReadOnlyDictionary<ulong, int?> acknowledged)
    {
        foreach (var shard in map.Shards)
        {
            var ids = acknowledged.Keys.Where(id => ShardRouter.ShardOf(PointId.FromNumber(id), map.ShardNumber) == shard.Shard).ToList();
            var present = ids.Where(id => acknowledged[id] is not null).ToList();
            var sequences = new List<long>();
            foreach (var replica in shard.Replicas.Where(r => r.InSync))
            {
                var grain = grains.GetGrain<IShardReplicaGrain>(new ReplicaKey(map.Name, shard.Shard, replica.Replica).ToString());
                var records = await PlacementHint.CallOn(replica.Silo, () => grain.RetrieveAsync([.. ids.Select(id => PointId.FromNumber(id).ToEngineId())]));
                var where = $"shard {shard.Shard} replica {replica.Replica} on {replica.Silo}";
                Assert.True(present.Count == records.Count, $"{where}: {records.Count} points, {present.Count} acknowledged");
                foreach (var record in records)
                {
                    var id = PointId.FromEngineId(record.Id).Number;
                    var version = System.Text.Json.Nodes.JsonNode.Parse(record.Payload!)!["v"]!.GetValue<int>();
                    Assert.True(acknowledged[id] == version, $"{where}: point {id} has version {version}, acknowledged {acknowledged[id]}");
                }

                Assert.Equal(present.Count, await PlacementHint.CallOn(replica.Silo, grain.CountAsync));
                sequences.Add(await PlacementHint.CallOn(replica.Silo, grain.GetSequenceAsync));
            }

            Assert.Single(sequences.Distinct());
        }
    }

    /// <summary>Sparse and dense searches through the cluster equal a single machine's collection holding the acknowledged points
    /// (its whole ranking, ties broken by point id), ids and scores bit for bit.</summary>
    public static async Task AssertSearchesEqualOracleAsync(ClusterCollections collections, string name, IReadOnlyDictionary<ulong, int?> acknowledged)
    {
        using var folder = new TempFolder();
        Collection.Initialize(folder.Path, WriteStream.Config.WithVectorFolders());
        using var oracle = Collection.Open("oracle", folder.Path);
        await oracle.UpsertAsync([.. acknowledged.Where(pair => pair.Value is not null).Select(pair => WriteStream.Point(pair.Key, pair.Value!.Value))]);
        Assert.Equal(oracle.Count, (await collections.CountAsync(name)).Count);
        foreach (var (vector, query) in new[] { ("s", WriteStream.SparseQuery), ("d", WriteStream.DenseQuery) })
        {
            foreach (var limit in new[] { 5, 40, 1000 })
            {
                var plan = new QueryPlan { Query = new NearestQuery(vector, query), Limit = Math.Max(1, oracle.Count) };
                var expected = oracle.Query(plan, new QueryOptions(0, PayloadSelector.None, VectorSelector.None))
                    .OrderByDescending(r => r.Score).ThenBy(r => r.Id).Take(limit).ToList();
                var actual = await collections.SearchAsync(name, new ClusterSearch(vector, query, limit));
                Assert.True(actual.Complete);
                Assert.Equal(expected.Select(r => r.Id), actual.Hits.Select(h => h.Id));
                Assert.Equal(expected.Select(r => r.Score), actual.Hits.Select(h => h.Score));
            }
        }
    }

    /// <summary>The replicas each silo holds, by the shard map.</summary>
    public static Dictionary<SiloAddress, int> Load(CollectionShardMap map)
        => map.Shards.SelectMany(shard => shard.Replicas).GroupBy(r => r.Silo).ToDictionary(group => group.Key, group => group.Count());
}
