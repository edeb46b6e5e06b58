using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Tests.Approximate;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Integration;

/// <summary>An approximate build keeps its recall promise: it tunes on the collection itself, stores and reports the estimated
/// recall, and searches exactly when the target cannot be met.</summary>
public sealed class ApproximateBuildTuningTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-apx-build-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_build_tunes_on_held_out_documents_and_reports_the_recall_it_measured_where_searches_see_it()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 11, documents: 800, queries: 30, dimension: 2000, topics: 16);
        var options = new IndexBuildOptions
        {
            Index = new IndexOptions { Approximate = ApproximateIndexOptions.Default with { PostingsPerTerm = 200, BlockSize = 8 } },
            TargetRecall = 0.9,
            TuningSampleSize = 60,
        };
        using var index = SparseIndex.Build(_folder.Combine("index"), documents.Select((vector, i) => new IndexDocument($"d{i}", vector)), options);
        var statistics = index.GetStatistics();
        Assert.Equal(0.9, statistics.ApproximateTargetRecall);
        var estimated = Assert.IsType<double>(statistics.ApproximateTunedRecall);
        // The estimate holds whichever way the build decided: approximate search reached the target on its sample, or searches
        // run exactly because it did not (or was not faster).
        Assert.True(estimated >= 0.9 || statistics.ApproximateSearchesExactly, $"estimated recall {estimated}");

        var chosen = index.Search(queries[0]);
        Assert.Equal(statistics.ApproximateSearchesExactly ? SearchAlgorithm.TermAtATime : SearchAlgorithm.Approximate, chosen.Algorithm);
        Assert.Equal(statistics.ApproximateSearchesExactly ? 1d : estimated, chosen.EstimatedRecall);
        var forced = index.Search(queries[0], new SearchOptions { Algorithm = SearchAlgorithm.Approximate });
        Assert.Equal(estimated, forced.EstimatedRecall);
        Assert.Null(index.Search(queries[0], new SearchOptions { Approximate = ApproximateSearchOptions.Exhaustive, Algorithm = SearchAlgorithm.Approximate })
            .EstimatedRecall);

        // Held out: every sampled document would be its own first hit; the measurement leaves it out, so the estimate is what the
        // knobs reach on the rest of each result list, never above what they reach on fresh queries by construction alone.
        double recall = 0;
        foreach (var query in queries)
        {
            var exact = index.Search(query, new SearchOptions { K = 10, Algorithm = SearchAlgorithm.BruteForce }).Hits.Select(h => h.Id).ToHashSet();
            var found = index.Search(query, new SearchOptions { K = 10, Algorithm = SearchAlgorithm.Approximate }).Hits.Count(h => exact.Contains(h.Id));
            recall += (double)found / exact.Count;
        }

        Assert.True(recall / queries.Count >= 0.9 - 0.05, $"recall {recall / queries.Count} on held-out queries, estimated {estimated}");
    }

    [Fact]
    public void When_the_target_cannot_be_reached_the_index_says_so_and_searches_exactly()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 5, documents: 600, queries: 20, dimension: 1500, topics: 12);
        // One posting kept per term: no query knob can bring back what the build dropped.
        var options = new IndexOptions
        {
            BackgroundMerge = false,
            Approximate = ApproximateIndexOptions.Default with { PostingsPerTerm = 1, BlockSize = 1 },
        };
        using var index = SparseIndex.CreateInMemory(options);
        index.Upsert(documents.Select((vector, i) => new IndexDocument($"d{i}", vector)));

        var tuned = index.TuneApproximate(queries, targetRecall: 0.99);

        Assert.False(tuned.ReachedTarget);
        Assert.True(tuned.SearchesExactly);
        Assert.True(index.GetStatistics().ApproximateSearchesExactly);
        foreach (var query in queries)
        {
            var results = index.Search(query, new SearchOptions { K = 10 });
            Assert.Equal(SearchAlgorithm.TermAtATime, results.Algorithm);
            Assert.Equal(1d, results.EstimatedRecall);
            Assert.Equal(
                index.Search(query, new SearchOptions { K = 10, Algorithm = SearchAlgorithm.BruteForce }).Hits.Select(h => h.Id),
                results.Hits.Select(h => h.Id));
        }

        Assert.Equal(SearchAlgorithm.Approximate, index.Search(queries[0], new SearchOptions { Algorithm = SearchAlgorithm.Approximate }).Algorithm);
    }
}
