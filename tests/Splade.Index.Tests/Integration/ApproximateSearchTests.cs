using System.Text.Json.Nodes;
using CsCheck;
using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Filters;
using Splade.Index.Tests.Approximate;

namespace Splade.Index.Tests.Integration;

/// <summary>Approximate search through <see cref="SparseIndex"/>: exactness with lossless knobs, deletes, upserts, filters and tuning.</summary>
public sealed class ApproximateSearchTests
{
    private static readonly ApproximateSearchOptions Exhaustive = ApproximateSearchOptions.Exhaustive;

    [Fact]
    public void Lossless_knobs_match_the_brute_force_oracle_after_any_write_script()
    {
        var gen = Gen.Select(RandomCorpus.Operations(60, 40, 30, 6), RandomCorpus.Vector(30, 5).Array[1, 4], Gen.Int[1, 12]);
        gen.Sample((operations, queries, k) =>
        {
            using var index = SparseIndex.CreateInMemory(
                new IndexOptions { FlushThreshold = 7, BackgroundMerge = false, Approximate = ApproximateIndexOptions.Lossless with { BlockSize = 3 } });
            var reference = new ReferenceCollection();
            foreach (var operation in operations)
            {
                RandomCorpus.Apply(operation, index, reference);
            }

            foreach (var query in queries)
            {
                var results = index.Search(query, new SearchOptions { K = k, Algorithm = SearchAlgorithm.Approximate, Approximate = Exhaustive });
                Assert.Equal(reference.TopK(query, k), results.Hits.Select(h => (h.Id, h.Score)).ToList());
            }
        }, iter: 60);
    }

    [Fact]
    public void Auto_is_approximate_once_every_sealed_segment_has_an_approximate_index_and_exact_algorithms_stay_exact()
    {
        var documents = TestCorpora.RandomDyadic(new Random(3), 300, 200, 12).Where(v => v.Count > 0).ToList();
        using var index = SparseIndex.CreateInMemory(
            new IndexOptions { FlushThreshold = 100, BackgroundMerge = false, Approximate = ApproximateIndexOptions.Lossless });
        foreach (var chunk in documents.Select((vector, i) => new IndexDocument($"d{i}", vector)).Chunk(100))
        {
            index.Upsert(chunk);
        }

        index.Upsert(new IndexDocument("buffered", documents[0]));
        var query = TestCorpora.RandomDyadicVector(new Random(4), 200, 30);

        var auto = index.Search(query, new SearchOptions { K = 5, Approximate = Exhaustive });
        var exact = index.Search(query, new SearchOptions { K = 5, Algorithm = SearchAlgorithm.TermAtATime });

        Assert.Equal(index.GetStatistics().Segments, index.GetStatistics().ApproximateSegments);
        Assert.True(index.GetStatistics().Segments >= 2);
        Assert.Equal(SearchAlgorithm.Approximate, auto.Algorithm);
        Assert.Equal(SearchAlgorithm.TermAtATime, exact.Algorithm);
        Assert.Equal(exact.Hits, auto.Hits);
    }

    [Fact]
    public void Deleted_and_replaced_documents_never_come_back_and_new_documents_are_found()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 5, documents: 600, queries: 20, dimension: 1500, topics: 12);
        using var index = SparseIndex.CreateInMemory(
            new IndexOptions { BackgroundMerge = false, Approximate = ApproximateIndexOptions.Default with { PostingsPerTerm = 60, BlockSize = 8 } });
        index.Upsert(documents.Select((vector, i) => new IndexDocument($"d{i}", vector)));
        index.Flush();
        var deleted = Enumerable.Range(0, 600).Where(i => i % 7 == 0).Select(i => $"d{i}").ToHashSet();
        index.Delete(deleted);
        var replaced = new Dictionary<string, SparseVector>();
        for (var i = 1; i < 600; i += 11)
        {
            if (deleted.Contains($"d{i}"))
            {
                continue;
            }

            replaced[$"d{i}"] = documents[(i * 13) % 600];
            index.Upsert(new IndexDocument($"d{i}", replaced[$"d{i}"]));
        }

        for (var i = 0; i < 10; i++)
        {
            index.Upsert(new IndexDocument($"new{i}", queries[i]));
        }

        for (var i = 0; i < queries.Count; i++)
        {
            var results = index.Search(queries[i], new SearchOptions { K = 10, Algorithm = SearchAlgorithm.Approximate });
            Assert.Equal(10, results.Hits.Count);
            foreach (var hit in results.Hits)
            {
                Assert.DoesNotContain(hit.Id, deleted);
                var current = replaced.GetValueOrDefault(hit.Id)
                    ?? (hit.Id.StartsWith("new", StringComparison.Ordinal) ? queries[int.Parse(hit.Id[3..])] : documents[int.Parse(hit.Id[1..])]);
                Assert.Equal(SparseKernels.Dot(queries[i].Indices, queries[i].Values, current.Indices, current.Values), hit.Score);
            }

            if (i < 10)
            {
                // A buffered document is searched exactly: a query equal to it finds it whenever it ranks in the exact top 10.
                var exact = index.Search(queries[i], new SearchOptions { K = 10, Algorithm = SearchAlgorithm.BruteForce });
                Assert.Equal(exact.Hits.Any(h => h.Id == $"new{i}"), results.Hits.Any(h => h.Id == $"new{i}"));
            }
        }
    }

    [Fact]
    public void A_selective_filter_still_returns_k_matching_documents()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 9, documents: 500, queries: 15, dimension: 1500, topics: 10);
        using var index = SparseIndex.CreateInMemory(
            new IndexOptions { BackgroundMerge = false, Approximate = ApproximateIndexOptions.Default with { PostingsPerTerm = 30, BlockSize = 8 } });
        index.Upsert(documents.Select((vector, i) => new IndexDocument($"d{i}", vector) { Metadata = new JsonObject { ["rare"] = i % 23 == 0 } }));
        index.Flush();
        var filter = MetadataFilter.Equal("rare", JsonValue.Create(true));
        foreach (var query in queries)
        {
            var exact = index.Search(query, new SearchOptions { K = 10, Filter = filter, Algorithm = SearchAlgorithm.BruteForce });
            var approximate = index.Search(query, new SearchOptions { K = 10, Filter = filter });
            Assert.Equal(exact.Hits.Count, approximate.Hits.Count);
            Assert.All(approximate.Hits, hit => Assert.Equal(0, int.Parse(hit.Id[1..]) % 23));
        }
    }

    [Fact]
    public void Tuning_reports_the_recall_its_knobs_reach_and_searches_use_them()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 11, documents: 800, queries: 30, dimension: 2000, topics: 16);
        using var index = SparseIndex.CreateInMemory(
            new IndexOptions { BackgroundMerge = false, Approximate = ApproximateIndexOptions.Default with { PostingsPerTerm = 200, BlockSize = 8 } });
        index.Upsert(documents.Select((vector, i) => new IndexDocument($"d{i}", vector)));

        var tuned = index.TuneApproximate(queries, targetRecall: 0.9, k: 10);

        double recall = 0;
        foreach (var query in queries)
        {
            var exact = index.Search(query, new SearchOptions { K = 10, Algorithm = SearchAlgorithm.BruteForce }).Hits.Select(h => h.Id).ToHashSet();
            var found = index.Search(query, new SearchOptions { K = 10 }).Hits.Count(h => exact.Contains(h.Id));
            recall += (double)found / exact.Count;
        }

        Assert.Equal(recall / queries.Count, tuned.Recall, 9);
        Assert.Equal(tuned.Recall >= 0.9, tuned.ReachedTarget);
        Assert.Equal(tuned.Options, index.GetStatistics().ApproximateSearch);
    }

    [Fact]
    public void A_segment_with_negative_weights_gets_no_approximate_index_and_is_searched_exactly()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { BackgroundMerge = false, Approximate = ApproximateIndexOptions.Default });
        index.Upsert([new IndexDocument("a", new SparseVector([1, 2], [1f, -1f])), new IndexDocument("b", new SparseVector([1], [2f]))]);
        index.Flush();

        var results = index.Search(new SparseVector([1, 2], [1f, 1f]));

        Assert.Equal(0, index.GetStatistics().ApproximateSegments);
        Assert.Equal(SearchAlgorithm.TermAtATime, results.Algorithm);
        Assert.Equal([("b", 2f), ("a", 0f)], results.Hits.Select(h => (h.Id, h.Score)));
    }
}
