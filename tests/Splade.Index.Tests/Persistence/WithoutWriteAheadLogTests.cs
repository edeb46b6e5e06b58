using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Persistence;

/// <summary><see cref="IndexOptions.WriteAheadLog"/> off: writes are durable from a flush on, for callers that keep their own log.</summary>
public sealed class WithoutWriteAheadLogTests : IDisposable
{
    private static readonly IndexOptions NoLog = new() { WriteAheadLog = false };
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Unflushed_writes_are_lost_on_reopen_and_flushed_ones_kept()
    {
        using (var index = SparseIndex.Open(_folder.Path, NoLog))
        {
            index.Upsert(new IndexDocument("kept", new SparseVector([1], [1f])));
            index.Flush();
            index.Upsert(new IndexDocument("lost", new SparseVector([1], [2f])));
            Assert.True(index.Delete("kept"));
            Assert.Equal(["lost"], index.GetIds());
        }

        Assert.False(File.Exists(_folder.Combine("wal.log")));
        using var reopened = SparseIndex.Open(_folder.Path, NoLog);
        Assert.Equal(["kept"], reopened.GetIds());
    }

    [Fact]
    public void A_log_written_with_the_option_on_is_replayed_once_then_removed()
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(new IndexDocument("logged", new SparseVector([1], [1f])));
        }

        var logs = Directory.GetFiles(_folder.Path, "*.log");
        Assert.NotEmpty(logs);
        using (var reopened = SparseIndex.Open(_folder.Path, NoLog))
        {
            Assert.Equal(["logged"], reopened.GetIds());
        }

        Assert.All(logs, log => Assert.False(File.Exists(log)));
        using var again = SparseIndex.Open(_folder.Path, NoLog);
        Assert.Equal(["logged"], again.GetIds());
    }
}
