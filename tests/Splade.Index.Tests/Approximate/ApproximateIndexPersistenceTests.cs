using Splade.Core;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexPersistenceTests
{
    private static readonly Lazy<(List<SparseVector> Documents, List<SparseVector> Queries, ForwardIndex Forward, ApproximateIndex Index, byte[] Bytes)>
        Stored = new(() =>
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
        Assert.Equal(index.Layout.BlockDocs.ToArray(), read.Layout.BlockDocs.ToArray());
        Assert.Equal(index.Layout.SummaryLevels.ToArray(), read.Layout.SummaryLevels.ToArray());
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
    public void AVersion1IndexIsReadWithItsLevelsMovedToTheCoarserGrid()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 5, documents: 250, queries: 15, dimension: 800, topics: 8);
        var forward = ForwardIndex.Create(documents, 800);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless with { BlockSize = 6 }).Build(forward);
        var layout = index.Layout;

        // Version 1 as it would have stored these summaries: int32 ordinals, and 8-bit levels 17 times finer on a scale 17 times smaller.
        using var stream = new MemoryStream();
        var writer = new ChecksummedStream(stream);
        writer.Write(BitConverter.ToUInt64("SPLADEAX"u8));
        writer.Write(1);
        writer.Write(index.Dimension);
        writer.Write(index.DocumentCount);
        var options = index.BuildOptions;
        writer.Write(options.PostingsPerTerm);
        writer.Write(options.BlockSize);
        writer.Write(options.SummaryEnergy);
        writer.Write(options.MaxSummaryTerms);
        writer.Write(options.ClusteringTerms);
        writer.Write(options.Seed);
        writer.Write(index.BlockCount);
        writer.Write(layout.BlockDocs.Count);
        writer.Write(layout.SummaryTerms.Length);
        writer.Write<int>(layout.TermBlockStarts);
        writer.Write<int>(layout.BlockDocStarts);
        writer.Write<int>(layout.BlockDocs.ToArray());
        writer.Write<int>(layout.BlockSummaryStarts);
        writer.Write<ushort>(layout.SummaryTerms);
        writer.Write<byte>(layout.SummaryLevels.ToArray().Select(level => (byte)(level * 17)).ToArray());
        writer.Write<float>(layout.BlockScales.Select(scale => scale / 17).ToArray());
        writer.Write(writer.Checksum);
        writer.Write(BitConverter.ToUInt64("AXFOOTER"u8));

        var read = ApproximateIndex.Read(new MemoryStream(stream.ToArray()), forward);
        Assert.Equal(layout.BlockDocs.ToArray(), read.Layout.BlockDocs.ToArray());
        Assert.Equal(layout.SummaryLevels.ToArray(), read.Layout.SummaryLevels.ToArray());
        for (var block = 0; block < index.BlockCount; block++)
        {
            Assert.True(read.Layout.BlockScales[block] >= layout.BlockScales[block] / 17 * 17);
            Assert.True(read.Layout.BlockScales[block] <= MathF.BitIncrement(MathF.BitIncrement(layout.BlockScales[block])));
        }

        foreach (var query in queries)
        {
            // Lossless summaries bound their blocks, so skipping blocks at heap factor 1 still finds the exact top k; scores are summed
            // in another order than the oracle's, so they agree to float rounding.
            var expected = BruteForce.TopK(documents, query, 6);
            var found = read.Search(query, new ApproximateSearchOptions { K = 6, QueryTerms = int.MaxValue, HeapFactor = 1f });
            Assert.Equal(expected.Select(hit => hit.Ordinal), found.Select(hit => hit.Ordinal));
            Assert.All(expected.Zip(found), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-3f));
        }
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
