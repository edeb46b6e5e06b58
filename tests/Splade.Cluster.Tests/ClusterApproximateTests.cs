using System.Globalization;
using Splade.Cli.Synthetic;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;
using Splade.Tests.Shared;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests;

/// <summary>A sharded, replicated collection whose sparse vectors have approximate indexes, searched through the cluster (each shard
/// searches its replica approximately, the router merges) against the single-machine oracle's exact answer: the server's own
/// collection holding the same points, its whole exact ranking cut with ties broken by point id.</summary>
public sealed class ClusterApproximateTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const int Documents = 1500;
    private const int Queries = 25;
    private const int K = 10;

    [Fact]
    public async Task Approximate_search_on_a_cluster_reports_its_recall_against_the_exact_single_machine_answer()
    {
        var corpus = new SyntheticSpladeCorpus();
        var config = new CollectionConfig
        {
            Sparse =
            [
                // Default knobs with small blocks, so that each shard's few hundred points make many blocks.
                new SparseVectorConfig("s", SparseModifier.None, string.Empty) { Approximate = new ApproximateConfig { BlockSize = 4 } },

                // Lossless build and exhaustive search: the approximate index then returns exactly what exact search does.
                new SparseVectorConfig("x", SparseModifier.None, string.Empty)
                {
                    Approximate = new ApproximateConfig
                    {
                        PostingsPerTerm = int.MaxValue, SummaryEnergy = 1f, MaxSummaryTerms = int.MaxValue, QueryTerms = int.MaxValue, HeapFactor = 0f,
                    },
                },
            ],
        };
        var points = Enumerable.Range(0, Documents).Select(i => new PointInput(
            PointId.FromNumber((ulong)i),
            new Dictionary<string, VectorValue>(StringComparer.Ordinal)
            {
                ["s"] = VectorValue.FromSparse(corpus.DocumentVector(i)),
                ["x"] = VectorValue.FromSparse(corpus.DocumentVector(i)),
            },
            null)).ToList();
        using var folder = new TempFolder();
        Collection.Initialize(folder.Path, config.WithVectorFolders());
        using var oracle = Collection.Open("oracle", folder.Path);
        await oracle.UpsertAsync(points);

        const string name = "approximate";
        await fixture.Collections.CreateAsync(name, config, new ShardingSpec(3, 2, 1));
        foreach (var batch in points.Chunk(250))
        {
            await fixture.Collections.UpsertAsync(name, batch);
        }

        // Every replica seals its points into a segment, built with its approximate index (a graceful stop does the same).
        await fixture.Collections.CheckpointAsync(name);

        double recall = 0, cut = 0;
        for (var i = 0; i < Queries; i++)
        {
            var query = VectorValue.FromSparse(corpus.Query(i, Documents).Vector);
            var exact = Exact(oracle, "s", query);
            var expected = exact.Take(K).ToList();
            var scores = exact.ToDictionary(hit => hit.Id, hit => hit.Score);

            // Exact on request, and exhaustive knobs over a lossless index: the single machine's answer, bit for bit.
            Assert.Equal(expected, await SearchAsync(name, "s", query, new SearchParams(Exact: true)));
            Assert.Equal(expected, await SearchAsync(name, "x", query, null));

            // Approximate: real points with their exact scores, best first; recall against the exact top 10.
            var approximate = await SearchAsync(name, "s", query, null);
            var aggressive = await SearchAsync(name, "s", query, new SearchParams(false, QueryTerms: 1, HeapFactor: 0.1f));
            foreach (var hits in new[] { approximate, aggressive })
            {
                Assert.Equal(K, hits.Count);
                Assert.All(hits, hit => Assert.Equal(scores[hit.Id], hit.Score));
                Assert.Equal(hits.OrderByDescending(hit => hit.Score).ThenBy(hit => hit.Id), hits);
            }

            recall += approximate.Count(expected.Contains) / (double)K / Queries;
            cut += aggressive.Count(expected.Contains) / (double)K / Queries;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recall@10 against the single machine's exact answer, {Documents} points, 3 shards x 2 replicas, {Queries} queries: "
            + $"collection knobs {recall:F4}, query_terms 1 and heap_factor 0.1 {cut:F4}, lossless and exhaustive 1 (checked equal)"));

        // The default knobs reach 0.94 on the 1M-point synthetic corpus (docs/approximate.md); shards of a few hundred points keep
        // almost every posting, so the recall here is higher. 0.8 leaves room for any shard layout and fails an index that loses
        // documents. One query term with early stopping must miss some (the shards search approximately, not exactly).
        Assert.InRange(recall, 0.8, 1.0);
        Assert.True(cut < recall && cut < 1.0, $"{cut} against {recall}");
        Assert.True(await fixture.Collections.DeleteAsync(name));
    }

    private async Task<List<(PointId Id, float Score)>> SearchAsync(string name, string vector, VectorValue query, SearchParams? parameters)
    {
        var result = await fixture.Collections.SearchAsync(name, new ClusterSearch(vector, query, K) { Params = parameters });
        Assert.True(result.Complete);
        return [.. result.Hits.Select(hit => (hit.Id, hit.Score))];
    }

    /// <summary>The single machine's whole exact ranking, ties by point id.</summary>
    private static List<(PointId Id, float Score)> Exact(Collection oracle, string vector, VectorValue query)
    {
        var plan = new QueryPlan { Query = new NearestQuery(vector, query), Limit = oracle.Count, Params = new SearchParams(Exact: true) };
        var all = oracle.Query(plan, new QueryOptions(0, PayloadSelector.None, VectorSelector.None));
        return [.. all.OrderByDescending(r => r.Score).ThenBy(r => r.Id).Select(r => (r.Id, r.Score))];
    }
}
