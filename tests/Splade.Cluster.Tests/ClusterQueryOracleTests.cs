using System.Text.Json.Nodes;
using CsCheck;
using Splade.Cluster.Routing;
using Splade.Cluster.Serving;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>Queries by a stored point's id and vector queries over prefetches, run through the cluster's query and compared with
/// the server's single-machine collection holding the same points (random points, shards and replicas; idf statistics
/// collection-wide): equal scores in the same order, and the same ids wherever a score is not shared (a single machine breaks
/// ties of a search by insertion order, a cluster by point id).</summary>
public sealed class ClusterQueryOracleTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static int s_round;

    [Fact]
    public async Task Queries_by_point_id_and_rescored_prefetches_equal_a_single_machine()
    {
        // Vectors are drawn from a seeded generator with continuous weights, so that different points do not tie in a search (a
        // single machine cuts ties by insertion order, a cluster by id); re-scored candidates that tie (at 0) are ordered by id on both.
        var point = Gen.Select(Gen.ULong[0, 80], Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 2]);
        var level = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5], Gen.Int[1, 15], Gen.Int[0, 3]);
        var query = Gen.Select(Gen.Int[0, 5], level, level, level, Gen.ULong[0, 80], Gen.Int[0, 3]);
        var cases = Gen.Select(Gen.Int, point.List[1, 50], Gen.Int[1, 4], Gen.Int[1, 2], Gen.Bool, query.Array[8]);
        await cases.SampleAsync(async (seed, points, shards, replicas, cosine, queries) =>
        {
            var random = new Random(seed);
            var name = $"q{Interlocked.Increment(ref s_round)}";
            var config = Config(cosine);
            var inputs = points.Select(p => Input(random, p.Item1, p.Item2, p.Item3, p.Item4)).ToList();
            using var folder = new TempFolder();
            Collection.Initialize(folder.Path, config.WithVectorFolders());
            using var oracle = Collection.Open(name, folder.Path);
            await oracle.UpsertAsync(inputs);
            var map = await fixture.Collections.CreateAsync(name, config, new ShardingSpec(shards, replicas, 1));
            await fixture.Collections.UpsertAsync(name, inputs);

            foreach (var (shape, top, first, second, id, offset) in queries)
            {
                var plan = Plan(shape, ToLevel(random, top), ToLevel(random, first), ToLevel(random, second), PointId.FromNumber(id));
                var options = new QueryOptions(offset, PayloadSelector.All, VectorSelector.None);
                var expected = Run(() => oracle.Query(plan, options));
                var actual = await RunAsync(() => new ClusterQuery(fixture.Collections, map).RunAsync(plan, options));
                AssertSameRanking($"{name} shape {shape} id {id} offset {offset}", expected, actual);
            }

            Assert.True(await fixture.Collections.DeleteAsync(name));
        }, iter: 12, threads: 1);
    }

    /// <summary>A query of one of six shapes: by point id; a vector query over two prefetches; by point id over two prefetches; a
    /// vector query over an rrf fusion of a rescored level and a leaf; by point id with a filter and a score threshold; an rrf
    /// fusion of a by-id leaf and a leaf.</summary>
    private static QueryPlan Plan(int shape, Level top, Level first, Level second, PointId id)
    {
        var byId = new NearestPointQuery(top.Vector, id);
        return shape switch
        {
            0 => new QueryPlan { Query = byId, Limit = top.Limit },
            1 => new QueryPlan { Prefetch = [Leaf(first), Leaf(second)], Query = Nearest(top), Limit = top.Limit },
            2 => new QueryPlan { Prefetch = [Leaf(first), Leaf(second)], Query = byId, Limit = top.Limit, Filter = Group(top.Group) },
            3 => new QueryPlan
            {
                Prefetch =
                [
                    new QueryPlan { Prefetch = [Leaf(first)], Query = Nearest(second), Limit = second.Limit },
                    Leaf(second),
                ],
                Query = new FusionQuery(FusionMethod.Rrf),
                Limit = top.Limit,
            },
            4 => new QueryPlan { Query = byId, Limit = top.Limit, Filter = Group(top.Group), ScoreThreshold = 0.1f },
            _ => new QueryPlan
            {
                Prefetch = [new QueryPlan { Query = byId, Limit = first.Limit }, Leaf(second)],
                Query = new FusionQuery(FusionMethod.Rrf),
                Limit = top.Limit,
            },
        };
    }

    private static Level ToLevel(Random random, (int Kind, int Terms, int Limit, int Group) level) => level.Kind switch
    {
        0 => new Level("s", VectorValue.FromSparse(Sparse(random, level.Terms)), level.Limit, level.Group),
        1 => new Level("w", VectorValue.FromSparse(Sparse(random, level.Terms)), level.Limit, level.Group),
        _ => new Level("d", VectorValue.FromDense(Dense(random)), level.Limit, level.Group),
    };

    private static QueryPlan Leaf(Level level) => new() { Query = Nearest(level), Limit = level.Limit, Filter = Group(level.Group) };

    private static NearestQuery Nearest(Level level) => new(level.Vector, level.Value);

    private static Filter? Group(int group)
        => group == 3 ? null : FilterText.Parse($$$"""{"must": [{"key": "g", "match": {"value": {{{group}}}}}]}""");

    private static async Task<object> RunAsync(Func<Task<IReadOnlyList<ScoredResult>>> query)
    {
        try
        {
            return await query();
        }
        catch (StoreException error)
        {
            return $"{error.Kind}: {error.Message}";
        }
    }

    private static object Run(Func<IReadOnlyList<ScoredResult>> query)
    {
        try
        {
            return query();
        }
        catch (StoreException error)
        {
            return $"{error.Kind}: {error.Message}";
        }
    }

    /// <summary>The same refusal, or equal scores in the same order with the same ids and payloads wherever a score is not shared.</summary>
    private static void AssertSameRanking(string context, object expected, object actual)
    {
        if (expected is string refusal)
        {
            Assert.Equal(refusal, actual as string);
            return;
        }

        var want = (IReadOnlyList<ScoredResult>)expected;
        var got = Assert.IsAssignableFrom<IReadOnlyList<ScoredResult>>(actual);
        context += $"\nexpected {string.Join(", ", want.Select(r => (r.Id, r.Score)))}\nactual {string.Join(", ", got.Select(r => (r.Id, r.Score)))}";
        Assert.True(want.Select(r => r.Score).SequenceEqual(got.Select(r => r.Score)), context);
        for (var i = 0; i < want.Count; i++)
        {
            if (want.Count(r => r.Score == want[i].Score) == 1)
            {
                Assert.True(want[i].Id == got[i].Id, context);
                Assert.Equal(want[i].Payload?.ToJsonString(), got[i].Payload?.ToJsonString());
            }
        }
    }

    private static CollectionConfig Config(bool cosine) => new()
    {
        Dense = [new DenseVectorConfig("d", 3, cosine ? Distance.Cosine : Distance.Dot, string.Empty)],
        Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty), new SparseVectorConfig("w", SparseModifier.Idf, string.Empty)],
    };

    /// <summary>Up to <paramref name="terms"/> of twelve terms with weights in [0.05, 2).</summary>
    private static SparseVector Sparse(Random random, int terms)
    {
        var weights = new Dictionary<uint, float>();
        for (var i = 0; i < terms; i++)
        {
            weights[(uint)random.Next(1, 13)] = 0.05f + (1.95f * random.NextSingle());
        }

        return SparseVector.FromDictionary(weights);
    }

    private static float[] Dense(Random random) => [random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f];

    private static PointInput Input(Random random, ulong number, int sTerms, int wTerms, int group)
    {
        var vectors = new Dictionary<string, VectorValue>(StringComparer.Ordinal) { ["d"] = VectorValue.FromDense(Dense(random)) };
        if (Sparse(random, sTerms) is { Count: > 0 } s)
        {
            vectors["s"] = VectorValue.FromSparse(s);
        }

        if (Sparse(random, wTerms) is { Count: > 0 } w)
        {
            vectors["w"] = VectorValue.FromSparse(w);
        }

        return new PointInput(PointId.FromNumber(number), vectors, new JsonObject { ["g"] = group });
    }

    /// <summary>One query level's vector (0 sparse <c>s</c>, 1 idf sparse <c>w</c>, 2 dense <c>d</c>), limit and filter group (3: none).</summary>
    private sealed record Level(string Vector, VectorValue Value, int Limit, int Group);
}
