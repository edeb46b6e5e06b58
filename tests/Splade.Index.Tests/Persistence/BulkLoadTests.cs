using CsCheck;
using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Persistence;

public sealed class BulkLoadTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_bulk_load_after_random_writes_matches_a_brute_force_collection_before_and_after_reopening()
    {
        var folder = 0;
        Gen.Select(RandomCorpus.Operations(30, 40, 25, 6), RandomCorpus.Document(80, 25, 6).Array[1, 60], RandomCorpus.Vector(25, 5))
            .Sample((operations, loaded, query) =>
            {
                var path = _folder.Combine((folder++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var reference = new ReferenceCollection();
                var unique = loaded.DistinctBy(d => d.Id).ToList();
                using (var index = SparseIndex.Open(path, new IndexOptions { FlushThreshold = 7, Durable = false }))
                {
                    foreach (var operation in operations)
                    {
                        RandomCorpus.Apply(operation, index, reference);
                    }

                    Assert.Equal(unique.Count, index.BulkLoad(unique));
                    unique.ForEach(reference.Upsert);
                    Assert.Equal(reference.Count, index.Count);
                    Assert.Equal(reference.TopK(query, 15), index.Search(query, new SearchOptions { K = 15 }).Hits.Select(h => (h.Id, h.Score)).ToList());
                    index.WaitForMerges();
                }

                using var reopened = SparseIndex.Open(path);
                Assert.Equal(reference.Count, reopened.Count);
                Assert.Equal(reference.TopK(query, 15), reopened.Search(query, new SearchOptions { K = 15 }).Hits.Select(h => (h.Id, h.Score)).ToList());
            }, iter: 40);
    }

    [Fact]
    public void A_bulk_load_writes_one_segment_and_keeps_writes_made_before_it()
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(new IndexDocument("logged", new SparseVector([1], [1f])));
            Assert.Equal(3, index.BulkLoad(Documents(3)));
            Assert.Equal(2, index.GetStatistics().Segments);
        }

        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(4, reopened.Count);
        Assert.NotNull(reopened.Get("logged"));
        Assert.Equal("text 2", reopened.Get("b2")!.Text);
    }

    [Fact]
    public void A_bulk_load_into_an_int8_index_stores_int8_dense_vectors()
    {
        using (var index = SparseIndex.Open(_folder.Path, new IndexOptions { DensePrecision = DensePrecision.Int8 }))
        {
            index.BulkLoad(Documents(20));
        }

        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(DensePrecision.Int8, reopened.GetStatistics().DensePrecision);
        var stored = reopened.Get("b19")!.Dense!;
        Assert.Equal(19f, stored[0], 0.1f);
        Assert.Equal(1f, stored[1], 0.1f);
        Assert.Equal("b19", reopened.SearchDense([1f, 0f], new SearchOptions { K = 1 }).Hits[0].Id);
    }

    [Theory]
    [InlineData("invalid")]
    [InlineData("repeated")]
    [InlineData("dimension")]
    public void A_failed_bulk_load_leaves_the_index_and_its_folder_unchanged(string fault)
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.BulkLoad(Documents(5));
        }

        var filesBefore = Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var documents = Documents(40).ToList();
        documents[30] = fault switch
        {
            "invalid" => new IndexDocument("bad", new SparseVector([2], [1f])) { Dense = [1f, float.NaN] },
            "repeated" => new IndexDocument("b7", new SparseVector([2], [1f])),
            _ => new IndexDocument("wide", new SparseVector([2], [1f])) { Dense = [1f, 2f, 3f] },
        };

        using (var index = SparseIndex.Open(_folder.Path))
        {
            var error = Assert.Throws<ArgumentException>(() => index.BulkLoad(documents));
            Assert.Contains("document 30", error.Message, StringComparison.Ordinal);
            Assert.Equal(5, index.Count);
            Assert.Equal("text 4", index.Get("b4")!.Text);
            Assert.Null(index.Get("b20"));
        }

        Assert.Equal(filesBefore, Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(5, reopened.Count);
    }

    [Fact]
    public void Documents_replaced_by_a_bulk_load_rank_as_new_insertions()
    {
        using var index = SparseIndex.CreateInMemory();
        index.Upsert(new IndexDocument("first", new SparseVector([1], [2f])));
        index.Upsert(new IndexDocument("second", new SparseVector([1], [2f])));
        index.BulkLoad([new IndexDocument("first", new SparseVector([1], [2f]))]);
        var hits = index.Search(new SparseVector([1], [1f])).Hits;
        Assert.Equal(["second", "first"], hits.Select(h => h.Id));
        Assert.Equal(2, index.Count);
    }

    private static IEnumerable<IndexDocument> Documents(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new IndexDocument($"b{i}", new SparseVector([(uint)i % 5, 10 + (uint)i], [1f + i, 0.5f])) { Text = $"text {i}", Dense = [i, 1f] };
        }
    }
}
