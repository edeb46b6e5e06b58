using System.Numerics;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>An immutable bitset of a segment's live (not deleted, not replaced) documents; one generation per commit that changed it.</summary>
internal sealed class LiveDocuments
{
    private readonly ulong[] _bits;

    private LiveDocuments(ulong[] bits, int documentCount, int liveCount)
    {
        _bits = bits;
        DocumentCount = documentCount;
        LiveCount = liveCount;
    }

    public int DocumentCount { get; }

    public int LiveCount { get; }

    public static LiveDocuments AllLive(int documentCount)
    {
        var bits = new ulong[(documentCount + 63) / 64];
        Array.Fill(bits, ulong.MaxValue);
        if (documentCount % 64 != 0)
        {
            bits[^1] = (1UL << (documentCount % 64)) - 1;
        }

        return new LiveDocuments(bits, documentCount, documentCount);
    }

    public bool IsLive(int ordinal) => (_bits[ordinal >> 6] & (1UL << ordinal)) != 0;

    /// <summary>Returns a copy with <paramref name="ordinals"/> deleted.</summary>
    public LiveDocuments Without(ReadOnlySpan<int> ordinals)
    {
        var bits = (ulong[])_bits.Clone();
        var live = LiveCount;
        foreach (var ordinal in ordinals)
        {
            var mask = 1UL << ordinal;
            if ((bits[ordinal >> 6] & mask) != 0)
            {
                bits[ordinal >> 6] &= ~mask;
                live--;
            }
        }

        return new LiveDocuments(bits, DocumentCount, live);
    }

    public byte[] ToFile() => FileSectionWriter.Write(IndexFileKind.LiveDocuments, writer =>
    {
        writer.Write<long>([DocumentCount]);
        writer.Write<ulong>(_bits);
    });

    public static LiveDocuments FromFile(string name, ReadOnlyMemory<byte> file, int documentCount)
    {
        var reader = new SectionReader(name, ChecksummedFile.Unwrap(name, file, IndexFileKind.LiveDocuments));
        var header = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(reader.Next<long>("document count").Span);
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(reader.Next<ulong>("bits").Span).ToArray();
        reader.End();
        if (header.Length != 1 || header[0] != documentCount || bits.Length != (documentCount + 63) / 64)
        {
            throw new IndexCorruptedException(name, $"it describes {(header.Length == 1 ? header[0] : -1)} documents where the segment has {documentCount}.");
        }

        var live = 0;
        foreach (var word in bits)
        {
            live += BitOperations.PopCount(word);
        }

        return new LiveDocuments(bits, documentCount, live);
    }
}
