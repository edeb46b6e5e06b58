using System.Text.Json.Nodes;
using Splade.Core;

namespace Splade.Index.Tests;

public class SparseIndexTests
{
    private static readonly SparseVector Simple = new([1, 2], [0.5f, 1f]);

    [Fact]
    public void Upsert_replaces_the_document_with_the_same_id()
    {
        using var index = SparseIndex.CreateInMemory();
        index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])) { Text = "old" });
        index.Upsert(new IndexDocument("a", new SparseVector([2], [3f])) { Text = "new", Metadata = new JsonObject { ["k"] = 1 } });
        Assert.Equal(1, index.Count);
        Assert.Empty(index.Search(new SparseVector([1], [1f])).Hits);
        var hit = Assert.Single(index.Search(new SparseVector([2], [1f])).Hits);
        Assert.Equal(("a", 3f, "new"), (hit.Id, hit.Score, hit.Text));
        Assert.Equal(1, hit.Metadata!["k"]!.GetValue<int>());
        Assert.Equal("new", index.Get("a")!.Text);
    }

    [Fact]
    public void Deleting_an_unknown_id_is_a_no_op_returning_false()
    {
        using var index = SparseIndex.CreateInMemory();
        index.Upsert(new IndexDocument("a", Simple));
        Assert.False(index.Delete("zzz"));
        Assert.True(index.Delete("a"));
        Assert.False(index.Delete("a"));
        Assert.Equal(0, index.Count);
        Assert.Null(index.Get("a"));
    }

    [Fact]
    public void Merge_reclaims_deleted_documents()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 3, BackgroundMerge = false });
        for (var i = 0; i < 10; i++)
        {
            index.Upsert(new IndexDocument($"d{i}", Simple));
        }

        for (var i = 0; i < 5; i++)
        {
            index.Delete($"d{i}");
        }

        index.Flush();
        Assert.Equal(5, index.GetStatistics().DeletedDocuments);
        index.Merge();
        var statistics = index.GetStatistics();
        Assert.Equal((5, 0, 1), (statistics.Documents, statistics.DeletedDocuments, statistics.Segments));
        Assert.Equal(10, statistics.Postings);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void K_outside_the_allowed_range_is_rejected(int k)
    {
        using var index = SparseIndex.CreateInMemory();
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(Simple, new SearchOptions { K = k }));
    }

    [Fact]
    public void Bad_documents_are_rejected_and_nothing_of_their_batch_is_written()
    {
        using var index = SparseIndex.CreateInMemory();
        var good = new IndexDocument("good", Simple);
        Assert.Contains(
            "513 UTF-8 bytes",
            Assert.Throws<ArgumentException>(() => index.Upsert([good, new IndexDocument(new string('x', 513), Simple)])).Message,
            StringComparison.Ordinal);
        Assert.Contains("repeats the id", Assert.Throws<ArgumentException>(() => index.Upsert([good, good])).Message, StringComparison.Ordinal);
        Assert.Contains(
            "non-finite dense",
            Assert.Throws<ArgumentException>(() => index.Upsert([good, new IndexDocument("n", Simple) { Dense = [1f, float.NaN] }])).Message,
            StringComparison.Ordinal);
        Assert.Equal(0, index.Count);
        Assert.Throws<ArgumentException>(() => index.Search(SparseVector.Empty));
        Assert.Empty(index.Search(Simple, new SearchOptions { Algorithm = SearchAlgorithm.Approximate }).Hits);
    }

    [Fact]
    public void Sparse_vectors_reject_nan_duplicate_and_out_of_range_indices_before_reaching_the_index()
    {
        Assert.Throws<ArgumentException>(() => new SparseVector([1], [float.NaN]));
        Assert.Throws<ArgumentException>(() => new SparseVector([1], [float.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => new SparseVector([1, 1], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => new SparseVector([40000], [1f], 30522));
    }

    [Fact]
    public void Auto_uses_term_at_a_time_for_small_collections_and_max_score_for_large()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { TermAtATimeMaxDocuments = 3 });
        index.Upsert([new IndexDocument("a", Simple), new IndexDocument("b", Simple)]);
        Assert.Equal(SearchAlgorithm.TermAtATime, index.Search(Simple).Algorithm);
        index.Upsert([new IndexDocument("c", Simple), new IndexDocument("d", Simple)]);
        Assert.Equal(SearchAlgorithm.MaxScore, index.Search(Simple).Algorithm);
    }

    [Fact]
    public void Auto_looks_at_the_largest_segment_since_term_at_a_time_accumulates_one_segment_at_a_time()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { TermAtATimeMaxDocuments = 3, BackgroundMerge = false });
        index.BulkLoad([new IndexDocument("a", Simple), new IndexDocument("b", Simple), new IndexDocument("c", Simple)]);
        index.BulkLoad([new IndexDocument("d", Simple), new IndexDocument("e", Simple)]);
        var results = index.Search(Simple);
        Assert.Equal(SearchAlgorithm.TermAtATime, results.Algorithm);
        Assert.Equal(5, results.Hits.Count);

        index.BulkLoad([new IndexDocument("f", Simple), new IndexDocument("g", Simple), new IndexDocument("h", Simple), new IndexDocument("i", Simple)]);
        Assert.Equal(SearchAlgorithm.MaxScore, index.Search(Simple).Algorithm);
    }

    [Fact]
    public async Task Searches_see_consistent_snapshots_while_writes_go_on()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 50, MergeFactor = 2 });
        // Every batch upserts the same ten ids with one shared score, so any consistent snapshot holds exactly ten documents, all tied.
        var stop = false;
        var writer = Task.Run(() =>
        {
            for (var round = 0; round < 300; round++)
            {
                index.Upsert(Enumerable.Range(0, 10).Select(i => new IndexDocument($"d{i}", new SparseVector([7], [round + 1f]))));
            }

            Volatile.Write(ref stop, true);
        });
        var searches = 0;
        while (!Volatile.Read(ref stop) || searches == 0)
        {
            var hits = index.Search(new SparseVector([7], [1f]), new SearchOptions { K = 20 }).Hits;
            if (hits.Count > 0)
            {
                Assert.Equal(10, hits.Count);
                Assert.Single(hits.Select(h => h.Score).Distinct());
            }

            searches++;
        }

        await writer;
        Assert.Equal(10, index.Count);
    }
}
