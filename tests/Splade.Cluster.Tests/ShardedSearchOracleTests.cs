using System.Text.Json.Nodes;
using CsCheck;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>Random collections spread over shards and replicas, searched through the cluster and compared with the oracle: the
/// server's single-machine collection holding the same points, its whole ranking taken and cut with ties broken by point id.</summary>
public sealed class ShardedSearchOracleTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static int s_round;

    [Fact]
    public async Task Sparse_bm25_and_dense_results_equal_a_single_machine_index()
    {
        var point = Gen.Select(Gen.ULong[0, 60], Gen.Bool, SparseGen(), SparseGen(), Gen.Int[-4, 4].Array[3], Gen.Int[0, 2]);
        var query = Gen.Select(Gen.Int[0, 2], SparseGen(), Gen.Int[-4, 4].Array[3], Gen.Int[1, 12], Gen.Int[0, 2], Gen.Int[0, 3]);
        var cases = Gen.Select(point.List[1, 40], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Bool, Gen.ULong[0, 60].List[0, 8], query.Array[6]);
        await cases.SampleAsync(async (points, shards, replicas, cosine, deletes, queries) =>
        {
            var name = $"c{Interlocked.Increment(ref s_round)}";
            var config = Config(cosine);
            var inputs = points.Select(p => Input(p.Item1, p.Item2, p.Item3, p.Item4, p.Item5, p.Item6)).ToList();
            var removed = deletes.Select(PointId.FromNumber).ToList();
            using var folder = new TempFolder();
            Collection.Initialize(folder.Path, config.WithVectorFolders());
            using var oracle = Collection.Open(name, folder.Path);
            await oracle.UpsertAsync(inputs);
            await oracle.DeleteAsync(new PointSelection(removed, null));

            await fixture.Collections.CreateAsync(name, config, new ShardingSpec(shards, replicas, 1));
            await fixture.Collections.UpsertAsync(name, inputs);
            await fixture.Collections.DeleteAsync(name, removed);
            Assert.Equal(oracle.Count, (await fixture.Collections.CountAsync(name)).Count);

            foreach (var (kind, sparse, dense, limit, offset, group) in queries)
            {
                var (vector, value) = kind switch
                {
                    0 => ("s", VectorValue.FromSparse(sparse)),
                    1 => ("w", VectorValue.FromSparse(sparse)),
                    _ => ("d", VectorValue.FromDense([.. dense.Select(x => (float)x)])),
                };
                var filter = group == 3 ? null : $$$"""{"must": [{"key": "g", "match": {"value": {{{group}}}}}]}""";
                var search = new ClusterSearch(vector, value, limit) { Offset = offset, Filter = filter, WithPayload = true };
                var expected = Expected(oracle, search);
                var actual = await fixture.Collections.SearchAsync(name, search);
                Assert.True(actual.Complete);
                var context = $"{name} {vector} limit {limit} offset {offset} filter {filter}\nexpected {string.Join(", ", expected)}\n"
                    + $"actual {string.Join(", ", actual.Hits.Select(h => (h.Id, h.Score)))}";
                Assert.True(expected.Select(e => e.Id).SequenceEqual(actual.Hits.Select(h => h.Id)), context);
                Assert.True(expected.Select(e => e.Score).SequenceEqual(actual.Hits.Select(h => h.Score)), context);
                Assert.All(actual.Hits, hit => Assert.True(group == 3 || hit.Payload!["g"]!.GetValue<int>() == group, context));
            }

            Assert.True(await fixture.Collections.DeleteAsync(name));
        }, iter: 12, threads: 1);
    }

    /// <summary>The single machine's whole ranking, cut after the offset and limit with ties broken by point id.</summary>
    private static List<(PointId Id, float Score)> Expected(Collection oracle, ClusterSearch search)
    {
        var plan = new QueryPlan
        {
            Query = new NearestQuery(search.Using, search.Vector),
            Filter = FilterText.Parse(search.Filter),
            Limit = Math.Max(1, oracle.Count),
        };
        var all = oracle.Query(plan, new QueryOptions(0, PayloadSelector.None, VectorSelector.None));
        return [.. all.OrderByDescending(r => r.Score).ThenBy(r => r.Id).Skip(search.Offset).Take(search.Limit).Select(r => (r.Id, r.Score))];
    }

    private static CollectionConfig Config(bool cosine) => new()
    {
        Dense = [new DenseVectorConfig("d", 3, cosine ? Distance.Cosine : Distance.Dot, string.Empty)],
        Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty), new SparseVectorConfig("w", SparseModifier.Idf, string.Empty)],
    };

    /// <summary>Few distinct terms and weights (halves up to 1.5), so that equal scores (ties) are common, also at the cut.</summary>
    private static Gen<SparseVector> SparseGen()
        => Gen.Dictionary(Gen.UInt[1, 6], Gen.Int[1, 3].Select(w => w / 2f))[0, 4]
            .Select(weights => SparseVector.FromDictionary(weights));

    private static PointInput Input(ulong number, bool uuid, SparseVector s, SparseVector w, int[] dense, int group)
    {
        var id = uuid ? PointId.FromUuid(new Guid((int)number, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8])) : PointId.FromNumber(number);
        var vectors = new Dictionary<string, VectorValue>(StringComparer.Ordinal) { ["s"] = VectorValue.FromSparse(s) };
        if (w.Count > 0)
        {
            vectors["w"] = VectorValue.FromSparse(w);
        }

        if (dense.Any(x => x != 0))
        {
            vectors["d"] = VectorValue.FromDense([.. dense.Select(x => (float)x)]);
        }

        return new PointInput(id, vectors, new JsonObject { ["g"] = group });
    }
}
