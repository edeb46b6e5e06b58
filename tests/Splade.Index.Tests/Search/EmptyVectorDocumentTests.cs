using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index.Filters;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Search;

/// <summary>Documents with an empty sparse vector (dense-only, or metadata only) are stored and filtered but never sparse hits.</summary>
public sealed class EmptyVectorDocumentTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Empty_sparse_vectors_are_stored_through_flush_merge_and_reopen_and_never_match_sparse_queries()
    {
        var options = new IndexOptions { FlushThreshold = 3, MergeFactor = 2 };
        using (var index = SparseIndex.Open(_folder.Path, options))
        {
            for (var i = 0; i < 10; i++)
            {
                var vector = i % 2 == 0 ? SparseVector.Empty : new SparseVector([1, 7], [i, 1f]);
                index.Upsert(new IndexDocument($"d{i}", vector)
                {
                    Dense = i % 3 == 0 ? [1f, i] : null,
                    Metadata = new JsonObject { ["even"] = i % 2 == 0 },
                });
            }

            index.WaitForMerges();
            AssertContents(index);
            index.Merge();
            AssertContents(index);
        }

        using var reopened = SparseIndex.Open(_folder.Path, options);
        AssertContents(reopened);
    }

    [Fact]
    public void An_index_of_empty_vectors_builds_its_approximate_index_and_answers_nothing()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { Approximate = new Splade.Index.Approximate.ApproximateIndexOptions() });
        index.Upsert([new IndexDocument("a", SparseVector.Empty), new IndexDocument("b", SparseVector.Empty) { Metadata = new JsonObject { ["x"] = 1 } }]);
        index.Flush();
        Assert.Equal(2, index.Count);
        Assert.Empty(index.Search(new SparseVector([3], [1f])).Hits);
        Assert.Equal(1, index.Get("b")!.Metadata!["x"]!.GetValue<int>());
    }

    private static void AssertContents(SparseIndex index)
    {
        Assert.Equal(10, index.Count);
        var sparse = index.Search(new SparseVector([1], [1f]), new SearchOptions { K = 20 }).Hits;
        Assert.Equal(["d9", "d7", "d5", "d3", "d1"], sparse.Select(h => h.Id));
        var dense = index.SearchDense([0f, 1f], new SearchOptions { K = 20 }).Hits;
        Assert.Equal(["d9", "d6", "d3", "d0"], dense.Select(h => h.Id));
        var filtered = index.SearchDense([0f, 1f], new SearchOptions { K = 20, Filter = MetadataFilter.Equal("even", JsonValue.Create(true)) }).Hits;
        Assert.Equal(["d6", "d0"], filtered.Select(h => h.Id));
        Assert.Equal(0, index.Get("d4")!.Vector.Count);
        Assert.Equal(10, index.GetIds().Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"d{i}").Order(), index.GetIds().Order());
    }
}
