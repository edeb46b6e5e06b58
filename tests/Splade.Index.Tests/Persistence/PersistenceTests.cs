using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index.Storage;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Persistence;

public sealed class PersistenceTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Directories => new() { "disk", "memory" };

    [Theory]
    [MemberData(nameof(Directories))]
    public void Reopening_restores_flushed_and_logged_writes(string kind)
    {
        var ram = new RamDirectory();
        SparseIndex OpenIndex() => kind == "disk"
            ? SparseIndex.Open(_folder.Path, new IndexOptions { FlushThreshold = 4 })
            : SparseIndex.Open(ram, new IndexOptions { FlushThreshold = 4 });
        var reference = new ReferenceCollection();
        using (var index = OpenIndex())
        {
            for (var i = 0; i < 11; i++)
            {
                var document = new IndexDocument($"d{i % 8}", new SparseVector([(uint)i % 3, 5], [i + 1f, 0.5f]))
                {
                    Metadata = new JsonObject { ["i"] = i },
                    Text = $"text {i}",
                    Dense = [i, 1f],
                };
                index.Upsert(document);
                reference.Upsert(document);
            }

            Assert.True(index.Delete("d1"));
            reference.Delete("d1");
            index.WaitForMerges();
        }

        using (var reopened = OpenIndex())
        {
            Assert.Equal(reference.Count, reopened.Count);
            var query = new SparseVector([0, 1, 2, 5], [1f, 2f, 3f, 1f]);
            Assert.Equal(reference.TopK(query, 20), reopened.Search(query, new SearchOptions { K = 20 }).Hits.Select(h => (h.Id, h.Score)).ToList());
            var stored = reopened.Get("d2")!;
            Assert.Equal(reference.Get("d2")!.Text, stored.Text);
            Assert.Equal(reference.Get("d2")!.Dense, stored.Dense);
            Assert.Equal(10, stored.Metadata!["i"]!.GetValue<int>());
            Assert.Equal(2, reopened.DenseDimension);
            reopened.Merge();
        }

        using (var merged = OpenIndex())
        {
            Assert.Equal(reference.Count, merged.Count);
            Assert.Equal(1, merged.GetStatistics().Segments);
        }
    }

    [Fact]
    public void A_bulk_load_flushed_as_one_segment_keeps_every_id_addressable_before_and_after_reopening()
    {
        var reference = new ReferenceCollection();
        var documents = Enumerable.Range(0, 500)
            .Select(
                i => new IndexDocument(
                    $"b{i}", new SparseVector([(uint)i % 13, 20 + ((uint)i % 7)], [1f + (i % 5), 0.25f * (i % 3) + 0.1f])) { Text = $"t{i}" })
            .ToList();
        var query = new SparseVector([0, 3, 21, 24], [1f, 2f, 0.5f, 1.5f]);
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(documents);
            documents.ForEach(reference.Upsert);
            index.Flush();
            Assert.Equal(1, index.GetStatistics().Segments);
            Assert.True(index.Delete("b7"));
            reference.Delete("b7");
            var replacement = new IndexDocument("b8", new SparseVector([3], [9f]));
            index.Upsert(replacement);
            reference.Upsert(replacement);
            Assert.Equal("t9", index.Get("b9")!.Text);
            Assert.Equal(reference.TopK(query, 30), index.Search(query, new SearchOptions { K = 30 }).Hits.Select(h => (h.Id, h.Score)).ToList());
        }

        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(reference.Count, reopened.Count);
        Assert.Null(reopened.Get("b7"));
        Assert.Equal(reference.TopK(query, 30), reopened.Search(query, new SearchOptions { K = 30 }).Hits.Select(h => (h.Id, h.Score)).ToList());
    }

    [Fact]
    public void A_crash_before_the_log_is_emptied_does_not_apply_operations_twice()
    {
        var ram = new RamDirectory();
        using (var index = SparseIndex.Open(ram))
        {
            index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
            index.Upsert(new IndexDocument("b", new SparseVector([1], [1f])));
        }

        var log = ram.OpenRead("wal.log").Bytes.ToArray();
        using (var index = SparseIndex.Open(ram))
        {
            index.Flush();
        }

        // Put the pre-flush log back: as if the process died after the commit and before the log was emptied.
        ram.Overwrite("wal.log", log);
        using var reopened = SparseIndex.Open(ram);
        Assert.Equal(["a", "b"], reopened.Search(new SparseVector([1], [1f])).Hits.Select(h => h.Id));
        Assert.Equal(0, reopened.GetStatistics().DeletedDocuments);
    }

    [Fact]
    public void A_torn_final_log_record_is_dropped_and_earlier_writes_survive()
    {
        var ram = new RamDirectory();
        using (var index = SparseIndex.Open(ram))
        {
            index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
            index.Upsert(new IndexDocument("b", new SparseVector([1], [1f])));
        }

        var log = ram.OpenRead("wal.log").Bytes.ToArray();
        ram.Overwrite("wal.log", log[..^5]);
        using var reopened = SparseIndex.Open(ram);
        Assert.Equal(["a"], reopened.Search(new SparseVector([1], [1f])).Hits.Select(h => h.Id));
        reopened.Upsert(new IndexDocument("c", new SparseVector([1], [1f])));
        Assert.Equal(2, reopened.Count);
    }
}
