using Splade.Cli.Synthetic;
using Splade.Cluster.Grains;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Tests;

/// <summary>A replica of a collection with an approximate index, lost with its silo and rebuilt on another by copying the
/// primary's files: it has the vector's approximate configuration (config.json) and approximate index (the sealed segment's
/// <c>.apx</c>), so it answers an approximate search exactly as the shard's other replica does.</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class ApproximateReplicaRebuildTests
{
    private const int Documents = 800;

    [Fact]
    public async Task A_replica_rebuilt_by_copying_searches_approximately_as_the_others()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(3);
        var collections = cluster.Collections;
        var corpus = new SyntheticSpladeCorpus();
        var config = new CollectionConfig
        {
            Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty) { Approximate = new ApproximateConfig { BlockSize = 4 } }],
        };
        await collections.CreateAsync("apx", config, new ShardingSpec(2, 2, 1));
        foreach (var batch in Enumerable.Range(0, Documents).Chunk(200))
        {
            await collections.UpsertAsync("apx", [.. batch.Select(i => new PointInput(
                PointId.FromNumber((ulong)i),
                new Dictionary<string, VectorValue>(StringComparer.Ordinal) { ["s"] = VectorValue.FromSparse(corpus.DocumentVector(i)) },
                null))]);
        }

        await collections.CheckpointAsync("apx");
        var before = await collections.GetAsync("apx");
        var victim = cluster.Cluster.Silos.First(silo => before.Shards.Any(shard => shard.Replicas.Any(r => r.Silo.Equals(silo.SiloAddress))));
        await cluster.Cluster.KillSiloAsync(victim);
        var survivors = cluster.Cluster.Silos.Where(silo => silo != victim).Select(silo => silo.SiloAddress).ToList();
        var after = await ShardChecks.WaitForFullStrengthAsync(collections, "apx", survivors);
        var rebuilt = after.Shards
            .SelectMany(shard => shard.Replicas.Where(r => before.Shards[shard.Shard].Replicas.All(o => o.Replica != r.Replica))).ToList();
        Assert.NotEmpty(rebuilt);

        // One query term and early stopping: an approximate answer that differs from the exact one on some queries, the same on
        // every replica of a shard (same files, same knobs).
        var differs = 0;
        for (var i = 0; i < 10; i++)
        {
            var query = WireVector.From(VectorValue.FromSparse(corpus.Query(i, Documents).Vector));
            foreach (var shard in after.Shards)
            {
                var approximate = new ShardSearch { Using = "s", Vector = query, Limit = 10, QueryTerms = 1, HeapFactor = 0.1f };
                var exact = new ShardSearch { Using = "s", Vector = query, Limit = 10, Exact = true };
                var answers = new List<string>();
                foreach (var replica in shard.Replicas)
                {
                    var grain = cluster.Cluster.Client.GetGrain<IShardReplicaGrain>(new ReplicaKey("apx", shard.Shard, replica.Replica).ToString());
                    answers.Add(Text(await PlacementHint.CallOn(replica.Silo, () => grain.SearchAsync(approximate))));
                    differs += answers[^1] == Text(await PlacementHint.CallOn(replica.Silo, () => grain.SearchAsync(exact))) ? 0 : 1;
                }

                Assert.True(answers.Distinct().Count() == 1, $"query {i}, shard {shard.Shard}: {string.Join(" | ", answers)}");
            }
        }

        Assert.True(differs > 0, "the approximate knobs changed no answer: the replicas searched exactly");
    }

    private static string Text(IReadOnlyList<ShardHit> hits) => string.Join(", ", hits.Select(hit => $"{hit.Id}:{hit.Score:R}"));
}
