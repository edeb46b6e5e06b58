using Splade.Core;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexPersistenceTests
{
    private static readonly Lazy<(List<SparseVector> Documents, List<SparseVector> Queries, ForwardIndex Forward, ApproximateIndex Index, byte[] Bytes)> Stored = new(() =>
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 21, documents: 300, queries: 20, dimension: 1000, topics: 10);
        var forward = ForwardIndex.Create(documents, 1000);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 40, BlockSize = 6 }).Build(forward);
        using var stream = new MemoryStream();
        index.Write(stream);
        return (documents, queries, forward, index, stream.ToArray());
    });

    [Fact]
    public void RoundTripKeepsStructureOptionsAndResults()
    {
        var (_, queries, forward, index, bytes) = Stored.Value;
        var read = ApproximateIndex.Read(new MemoryStream(bytes), forward);

        Assert.Equal(index.BuildOptions, read.BuildOptions);
        Assert.Equal(index.Layout.BlockDocs, read.Layout.BlockDocs);
        Assert.Equal(index.Layout.SummaryLevels, read.Layout.SummaryLevels);
        Assert.Equal(index.Layout.BlockScales, read.Layout.BlockScales);
        var options = new ApproximateSearchOptions { K = 7, QueryTerms = 5, HeapFactor = 1f };
        foreach (var query in queries)
        {
            Assert.Equal(index.Search(query, options), read.Search(query, options));
        }

        using var again = new MemoryStream();
        read.Write(again);
        Assert.Equal(bytes, again.ToArray());
    }

    [Fact]
    public void EveryFlippedByteIsDetected()
    {
        var (_, _, forward, _, bytes) = Stored.Value;
        var step = Math.Max(1, bytes.Length / 400);
        for (var position = 0; position < bytes.Length; position += position < 128 || position > bytes.Length - 64 ? 1 : step)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[position] ^= 0x5A;
            Assert.Throws<ApproximateIndexCorruptedException>(() => ApproximateIndex.Read(new MemoryStream(damaged), forward));
        }
    }

    [Fact]
    public void TruncationIsDetectedAndNamed()
    {
        var (_, _, forward, _, bytes) = Stored.Value;
        foreach (var length in new[] { 0, 7, 12, 40, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            Assert.Throws<ApproximateIndexCorruptedException>(() => ApproximateIndex.Read(new MemoryStream(bytes[..length]), forward));
        }
    }

    [Fact]
    public void OtherFormatVersionsAreRefusedByNumber()
    {
        var (_, _, forward, _, bytes) = Stored.Value;
        var future = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(future.AsSpan(8, 4), ApproximateIndex.FormatVersion + 1);
        var error = Assert.Throws<ApproximateIndexCorruptedException>(() => ApproximateIndex.Read(new MemoryStream(future), forward));
        Assert.Contains($"version {ApproximateIndex.FormatVersion + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AForwardIndexOfOtherDocumentsIsRefused()
    {
        var (documents, _, _, _, bytes) = Stored.Value;
        var other = ForwardIndex.Create(documents.Take(10).ToList(), 1000);
        var error = Assert.Throws<ApproximateIndexCorruptedException>(() => ApproximateIndex.Read(new MemoryStream(bytes), other));
        Assert.Contains("10 documents", error.Message, StringComparison.Ordinal);
    }
}
