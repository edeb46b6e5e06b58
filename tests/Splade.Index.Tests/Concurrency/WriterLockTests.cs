using Splade.Core;
using Splade.Index.Storage;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Concurrency;

/// <summary>One writer per index folder: a second writer is refused with a message naming the first, or waits when asked to.</summary>
public sealed class WriterLockTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-lock-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_second_writer_is_refused_naming_the_holder_until_the_first_is_disposed()
    {
        var first = SparseIndex.Open(_folder.Path);
        first.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
        var error = Assert.Throws<IndexLockedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Contains($"process {Environment.ProcessId}, this process", error.Message, StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, error.Message, StringComparison.Ordinal);
        Assert.Equal(_folder.Path, error.Location);
        Assert.Throws<IndexLockedException>(() => SparseIndex.Build(_folder.Combine(), []).Dispose());

        // The refused writers changed nothing: the first still writes, and its write is there once it is gone.
        first.Upsert(new IndexDocument("b", new SparseVector([2], [1f])));
        first.Dispose();
        using var second = SparseIndex.Open(_folder.Path);
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public async Task A_writer_with_a_timeout_waits_for_the_holder_to_finish()
    {
        var first = SparseIndex.Open(_folder.Path);
        var waiting = Task.Run(() => SparseIndex.Open(_folder.Path, new IndexOptions { WriterLockTimeout = Timeout.InfiniteTimeSpan }));
        // Whatever the machine's speed, the waiter cannot get the lock while the first writer holds it.
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        first.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
        first.Dispose();
        using var second = await waiting;
        Assert.Equal(1, second.Count);
    }

    [Fact]
    public void A_writer_whose_timeout_runs_out_is_refused()
    {
        using var first = SparseIndex.Open(_folder.Path);
        var error = Assert.Throws<IndexLockedException>(
            () => SparseIndex.Open(_folder.Path, new IndexOptions { WriterLockTimeout = TimeSpan.FromMilliseconds(250) }).Dispose());
        Assert.NotNull(error.Holder);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SparseIndex.Open(_folder.Path, new IndexOptions { WriterLockTimeout = TimeSpan.FromSeconds(-2) }).Dispose());
    }

    [Fact]
    public void Readers_open_beside_a_writer_and_never_take_its_lock()
    {
        using var writer = SparseIndex.Open(_folder.Path);
        writer.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
        using var reader = SparseIndex.OpenReadOnly(_folder.Path);
        using var another = SparseIndex.OpenReadOnly(_folder.Path);
        Assert.True(reader.IsReadOnly);
        Assert.False(writer.IsReadOnly);
        Assert.Equal(1, reader.Count);
        writer.Upsert(new IndexDocument("b", new SparseVector([1], [2f])));
        Assert.Equal(1, reader.Count);
        Assert.Equal(2, writer.Count);
    }

    [Fact]
    public void The_in_memory_directory_has_one_writer_too()
    {
        var directory = new RamDirectory();
        using var first = SparseIndex.Open(directory);
        Assert.Throws<IndexLockedException>(() => SparseIndex.Open(directory).Dispose());
    }
}
