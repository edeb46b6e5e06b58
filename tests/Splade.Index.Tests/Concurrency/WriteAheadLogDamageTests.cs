using System.Buffers.Binary;
using System.IO.Hashing;
using Splade.Core;
using Splade.Index.Writing;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Concurrency;

/// <summary>A write-ahead log whose end cannot be verified is reported, never silently shortened past an acknowledged write.</summary>
public sealed class WriteAheadLogDamageTests : IDisposable
{
    private const int HeaderLength = 16;
    private const int RecordHeaderLength = 12;
    private readonly TempFolder _folder = new("splade-index-wal-");

    public void Dispose() => _folder.Dispose();

    private string Log => _folder.Combine("wal.log");

    [Fact]
    public void A_flipped_bit_in_the_last_records_length_is_damage_not_a_torn_write()
    {
        var last = WriteThreeAcknowledgedOperations();
        var bytes = File.ReadAllBytes(Log);
        // The length grows past the end of the file, which is just what a write cut short looks like without the header checksum.
        bytes[last + 2] ^= 0x01;
        File.WriteAllBytes(Log, bytes);

        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Equal("wal.log", error.FileName);
        Assert.Contains("header fails its checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("operation 4", error.Message, StringComparison.Ordinal);
        Assert.Throws<IndexCorruptedException>(() => SparseIndex.OpenReadOnly(_folder.Path).Dispose());
        Assert.Equal(bytes, File.ReadAllBytes(Log));

        using var recovered = SparseIndex.Open(_folder.Path, new IndexOptions { RecoverDamagedLog = true });
        Assert.Equal(2, recovered.Recovery.ReplayedOperations);
        Assert.Contains(recovered.Recovery.Dropped, line => line.Contains("operation 4 on", StringComparison.Ordinal));
        Assert.NotNull(recovered.Get("a"));
        Assert.NotNull(recovered.Get("b"));
        Assert.NotNull(recovered.Get("c"));
        recovered.Upsert(new IndexDocument("d", new SparseVector([4], [1f])));
    }

    [Fact]
    public void A_damaged_payload_of_the_last_record_is_damage()
    {
        var last = WriteThreeAcknowledgedOperations();
        var bytes = File.ReadAllBytes(Log);
        bytes[last + RecordHeaderLength + 3] ^= 0x10;
        File.WriteAllBytes(Log, bytes);
        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Contains("payload fails its checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(RecordHeaderLength + 2)]
    public void A_record_cut_short_is_a_write_that_never_completed_and_is_dropped_with_a_report(int kept)
    {
        var last = WriteThreeAcknowledgedOperations();
        var bytes = File.ReadAllBytes(Log);
        File.WriteAllBytes(Log, bytes[..(last + kept)]);
        using (var index = SparseIndex.Open(_folder.Path))
        {
            Assert.Equal(2, index.Recovery.ReplayedOperations);
            var dropped = Assert.Single(index.Recovery.Dropped);
            Assert.Contains("never acknowledged", dropped, StringComparison.Ordinal);
            Assert.Contains($"from byte {last}", dropped, StringComparison.Ordinal);
            Assert.NotNull(index.Get("c"));
            index.Upsert(new IndexDocument("e", new SparseVector([5], [1f])));
        }

        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Empty(reopened.Recovery.Dropped);
        Assert.NotNull(reopened.Get("e"));
    }

    [Fact]
    public void A_zero_filled_tail_is_a_write_that_never_completed()
    {
        WriteThreeAcknowledgedOperations();
        File.AppendAllText(Log, new string('\0', 40));
        using var index = SparseIndex.Open(_folder.Path);
        Assert.Contains("never acknowledged", Assert.Single(index.Recovery.Dropped), StringComparison.Ordinal);
        Assert.Equal(3, index.Recovery.ReplayedOperations);
    }

    [Fact]
    public void A_lost_log_is_reported_when_the_commit_says_the_index_keeps_one()
    {
        WriteThreeAcknowledgedOperations();
        File.Delete(Log);
        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Equal("wal.log", error.FileName);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Throws<IndexCorruptedException>(() => SparseIndex.OpenReadOnly(_folder.Path).Dispose());
        Assert.False(File.Exists(Log));

        using var recovered = SparseIndex.Open(_folder.Path, new IndexOptions { RecoverDamagedLog = true });
        Assert.Contains("missing", Assert.Single(recovered.Recovery.Dropped), StringComparison.Ordinal);
        Assert.Equal(1, recovered.Count);
    }

    [Fact]
    public void A_log_that_does_not_continue_the_commit_is_damage()
    {
        WriteThreeAcknowledgedOperations();
        var bytes = File.ReadAllBytes(Log);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), 5);
        File.WriteAllBytes(Log, bytes);
        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Contains("continues from operation 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_log_is_replayed_and_replaced_by_a_current_one()
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
            index.Flush();
        }

        var payload = WalCodec.EncodeUpsert(2, [DocumentValidator.Prepare(new IndexDocument("old", new SparseVector([3], [2f])), 0)]);
        var log = new byte[HeaderLength + 8 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(log, 0x574C5053);
        BinaryPrimitives.WriteUInt16LittleEndian(log.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(HeaderLength), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(HeaderLength + 4), Crc32.HashToUInt32(payload));
        payload.CopyTo(log, HeaderLength + 8);
        File.WriteAllBytes(Log, log);
        using (var index = SparseIndex.Open(_folder.Path))
        {
            Assert.Equal(1, index.Recovery.ReplayedOperations);
            Assert.NotNull(index.Get("old"));
            index.Delete("a");
        }

        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(Log).AsSpan(4)));
        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(1, reopened.Count);
        Assert.NotNull(reopened.Get("old"));
    }

    [Fact]
    public void A_background_merge_commits_only_flushed_operations_so_buffered_ones_survive_a_crash()
    {
        var options = new IndexOptions { BackgroundMerge = false, MergeFactor = 2 };
        using (var index = SparseIndex.Open(_folder.Path, options))
        {
            for (var i = 0; i < 3; i++)
            {
                index.Upsert(new IndexDocument($"s{i}", new SparseVector([1], [1f + i])));
                index.Flush();
            }

            index.Upsert(new IndexDocument("buffered", new SparseVector([2], [1f])));
            index.Delete("s0");
            index.Writer.MergeSmallest();
        }

        // Disposing leaves the buffer to the log, as a crash would.
        using var reopened = SparseIndex.Open(_folder.Path, options);
        Assert.NotNull(reopened.Get("buffered"));
        Assert.Null(reopened.Get("s0"));
        Assert.Equal(3, reopened.Count);
    }

    /// <summary>Commits "a", then logs three operations (upsert b, upsert c, delete a) and returns the last record's offset.</summary>
    private int WriteThreeAcknowledgedOperations()
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
            index.Flush();
            index.Upsert(new IndexDocument("b", new SparseVector([2], [1f])));
            index.Upsert(new IndexDocument("c", new SparseVector([3], [1f])));
            index.Delete("a");
        }

        var bytes = File.ReadAllBytes(Log);
        var position = HeaderLength;
        var last = position;
        while (position < bytes.Length)
        {
            last = position;
            position += RecordHeaderLength + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position));
        }

        return last;
    }
}
