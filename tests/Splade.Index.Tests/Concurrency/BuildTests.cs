using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index.Storage;
using Splade.Index.Writing;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Concurrency;

/// <summary>A build is all or nothing: a failed or interrupted one leaves nothing that blocks building again, and an unfinished
/// one opens for nobody.</summary>
public sealed class BuildTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-build-");

    public void Dispose() => _folder.Dispose();

    private string Target => _folder.Combine("index");

    [Fact]
    public void A_build_creates_the_index_and_refuses_a_folder_that_holds_one()
    {
        using (var index = SparseIndex.Build(Target, ReadOnlyOpenTests.Documents(0, 30)))
        {
            Assert.Equal(30, index.Count);
            index.Upsert(ReadOnlyOpenTests.Documents(30, 1));
        }

        using (var reader = SparseIndex.OpenReadOnly(Target))
        {
            Assert.Equal(31, reader.Count);
        }

        var error = Assert.Throws<IOException>(() => SparseIndex.Build(Target, ReadOnlyOpenTests.Documents(0, 1)).Dispose());
        Assert.Contains("already holds an index", error.Message, StringComparison.Ordinal);
        using var kept = SparseIndex.OpenReadOnly(Target);
        Assert.Equal(31, kept.Count);
    }

    [Fact]
    public void A_failed_build_leaves_nothing_that_blocks_its_retry()
    {
        var documents = ReadOnlyOpenTests.Documents(0, 30);
        documents.Add(documents[3]);
        Assert.Throws<ArgumentException>(() => SparseIndex.Build(Target, documents).Dispose());
        Assert.All(Directory.GetFiles(Target), file => Assert.EndsWith(".lock", file, StringComparison.Ordinal));
        Assert.Throws<IndexNotFoundException>(() => SparseIndex.OpenReadOnly(Target).Dispose());

        using var retried = SparseIndex.Build(Target, ReadOnlyOpenTests.Documents(0, 30));
        Assert.Equal(30, retried.Count);
    }

    [Fact]
    public void An_interrupted_build_opens_for_nobody_and_the_next_build_replaces_it()
    {
        // What a killed build leaves: its documents committed, the commit still saying it is being built.
        var directory = new FileSystemDirectory(Target);
        using (var writer = IndexWriter.Open(directory, new IndexOptions(), useLog: true, OpenMode.Build, CancellationToken.None))
        {
            writer.BulkLoad(ReadOnlyOpenTests.Documents(0, 30), null);
        }

        directory.Dispose();
        Assert.Contains("has not finished", Assert.Throws<IndexNotFoundException>(() => SparseIndex.OpenReadOnly(Target).Dispose()).Message,
            StringComparison.Ordinal);
        Assert.Throws<IndexNotFoundException>(() => SparseIndex.Open(Target).Dispose());

        using var rebuilt = SparseIndex.Build(Target, ReadOnlyOpenTests.Documents(100, 5));
        Assert.Equal(5, rebuilt.Count);
        Assert.Null(rebuilt.Get("d0"));
        Assert.Contains(rebuilt.Recovery.Dropped, line => line.Contains("earlier build that did not finish", StringComparison.Ordinal));
    }

    [Fact]
    public void A_build_refuses_a_folder_with_other_files_and_never_deletes_them()
    {
        Directory.CreateDirectory(Target);
        File.WriteAllText(Path.Combine(Target, "notes.txt"), "mine");
        var error = Assert.Throws<IOException>(() => SparseIndex.Build(Target, ReadOnlyOpenTests.Documents(0, 3)).Dispose());
        Assert.Contains("notes.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Target, "notes.txt")));
    }

    [Fact]
    public void Ids_that_are_not_valid_unicode_are_refused_never_replaced()
    {
        using var index = SparseIndex.Open(Target);
        foreach (var id in new[] { "a\uD800", "\uDC00b", "x\uD83Dy" })
        {
            var document = new IndexDocument(id, new SparseVector([1], [1f]));
            var error = Assert.Throws<ArgumentException>(() => index.Upsert(document));
            Assert.Contains("lone surrogate", error.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => index.BulkLoad([document]));
            Assert.Throws<ArgumentException>(() => index.Delete(id));
        }

        // A surrogate pair is valid UTF-16 and round-trips.
        index.Upsert(new IndexDocument("fruit \U0001F34E", new SparseVector([1], [1f])) { Metadata = new JsonObject { ["k"] = 1 } });
        Assert.Equal(0, index.Count - 1);
        Assert.NotNull(index.Get("fruit \U0001F34E"));
        Assert.Null(index.Get("fruit \uFFFD"));
    }
}
