using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Index.Tests.Persistence;

namespace Splade.Index.Tests.Approximate;

/// <summary>The approximate index as a segment file: the envelope and sections of every segment file, read in place, and the older
/// stream format that files before format version 6 hold.</summary>
public class ApproximateIndexPersistenceTests
{
    private const string Name = "seg_00000001.apx";

    private static readonly Lazy<(List<SparseVector> Documents, List<SparseVector> Queries, Segment Segment, ApproximateIndex Index, byte[] Bytes)>
        Stored = new(() =>
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 21, documents: 300, queries: 20, dimension: 1000, topics: 10);
        var segment = TestSegments.Of(documents);
        var builder = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 40, BlockSize = 6 });
        return (documents, queries, segment, builder.Build(segment), builder.BuildFile(segment));
    });

    [Fact]
    public void RoundTripKeepsStructureOptionsAndResults()
    {
        var (_, queries, segment, index, bytes) = Stored.Value;
        var read = ApproximateFile.Read(new ArrayFileData(Name, bytes), segment);

        Assert.Equal(index.BuildOptions, read.BuildOptions);
        Assert.Equal(index.Layout.Ordinals(), read.Layout.Ordinals());
        Assert.Equal(index.Layout.Levels(), read.Layout.Levels());
        Assert.Equal(index.Layout.BlockScales, read.Layout.BlockScales);
        var options = new ApproximateSearchOptions { K = 7, QueryTerms = 5, HeapFactor = 1f };
        foreach (var query in queries)
        {
            Assert.Equal(index.Search(query, options), read.Search(query, options));
        }

        Assert.Equal(bytes, ApproximateFile.Write(read.Layout, read.BuildOptions, segment));
    }

    [Fact]
    public void EveryFlippedByteIsDetected()
    {
        var (_, _, segment, _, bytes) = Stored.Value;
        var step = Math.Max(1, bytes.Length / 400);
        for (var position = 0; position < bytes.Length; position += position < 128 || position > bytes.Length - 64 ? 1 : step)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[position] ^= 0x5A;
            var error = Assert.Throws<IndexCorruptedException>(() => ApproximateFile.Read(new ArrayFileData(Name, damaged), segment));
            Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TruncationIsDetectedAndNamed()
    {
        var (_, _, segment, _, bytes) = Stored.Value;
        foreach (var length in new[] { 0, 7, 12, 40, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            var error = Assert.Throws<IndexCorruptedException>(() => ApproximateFile.Read(new ArrayFileData(Name, bytes[..length]), segment));
            Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASegmentOfOtherDocumentsIsRefused()
    {
        var (documents, _, _, _, bytes) = Stored.Value;
        var other = TestSegments.Of(documents.Take(10));
        var error = Assert.Throws<IndexCorruptedException>(() => ApproximateFile.Read(new ArrayFileData(Name, bytes), other));
        Assert.Contains("10 documents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStreamOfVersion2AsFilesBeforeFormatVersion6HoldItIsConvertedToTheSameIndex()
    {
        var (_, queries, segment, index, bytes) = Stored.Value;
        var older = OlderFormatFile.Wrap(IndexFileKind.Approximate, 5, OlderApproximateStream.Write(index, streamVersion: 2));
        var read = ApproximateFile.Read(new ArrayFileData(Name, older), segment);

        Assert.Equal(bytes, ApproximateFile.Write(read.Layout, read.BuildOptions, segment));
        var options = new ApproximateSearchOptions { K = 5, QueryTerms = 8, HeapFactor = 1.2f };
        foreach (var query in queries)
        {
            Assert.Equal(index.Search(query, options), read.Search(query, options));
        }
    }

    [Fact]
    public void AStreamOfVersion1IsReadWithItsLevelsMovedToTheCoarserGrid()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 5, documents: 250, queries: 15, dimension: 800, topics: 8);
        var segment = TestSegments.Of(documents);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless with { BlockSize = 6 }).Build(segment);
        var layout = index.Layout;
        var older = OlderFormatFile.Wrap(IndexFileKind.Approximate, 3, OlderApproximateStream.Write(index, streamVersion: 1));

        var read = ApproximateFile.Read(new ArrayFileData(Name, older), segment);
        Assert.Equal(layout.Ordinals(), read.Layout.Ordinals());
        Assert.Equal(layout.Levels(), read.Layout.Levels());
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
    public void ADamagedOlderStreamIsReportedAsACorruptFile()
    {
        var (_, _, segment, index, _) = Stored.Value;
        var stream = OlderApproximateStream.Write(index, streamVersion: 2);
        stream[40] ^= 0x20;
        var older = OlderFormatFile.Wrap(IndexFileKind.Approximate, 5, stream);
        var error = Assert.Throws<IndexCorruptedException>(() => ApproximateFile.Read(new ArrayFileData(Name, older), segment));
        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
    }
}
