using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Storage;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexBuilderTests
{
    [Fact]
    public void NegativeWeightsAreRejectedNamingDocumentAndEntry()
    {
        var documents = new List<SparseVector> { new([0u, 2u], [1f, 1f], 5), new([1u, 4u], [0.5f, -2f], 5) };
        var error = Assert.Throws<ArgumentException>(() => new ApproximateIndexBuilder().Build(TestSegments.Of(documents)));
        Assert.Contains("Document 1, entry 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VocabulariesBeyondSixteenBitsAreRefused()
    {
        var documents = new List<SparseVector> { new([70000u], [1f], 70001) };
        Assert.Throws<NotSupportedException>(() => new ApproximateIndexBuilder().Build(TestSegments.Of(documents)));
    }

    [Theory]
    [InlineData(0, 16, 0.4f)]
    [InlineData(100, 0, 0.4f)]
    [InlineData(100, 16, 0f)]
    [InlineData(100, 16, 1.5f)]
    public void OutOfRangeKnobsAreNamed(int postings, int blockSize, float energy)
    {
        var options = new ApproximateIndexOptions { PostingsPerTerm = postings, BlockSize = blockSize, SummaryEnergy = energy };
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateIndexBuilder(options));
    }

    [Fact]
    public void BuildsAreDeterministicWhateverTheThreadCount()
    {
        var (documents, _) = TestCorpora.Clustered(seed: 4, documents: 500, queries: 1);
        var forward = TestSegments.Of(documents);
        var options = ApproximateIndexOptions.Default with { PostingsPerTerm = 60, BlockSize = 5 };
        var single = new ApproximateIndexBuilder(options with { BuildThreads = 1 }).Build(forward);
        var parallel = new ApproximateIndexBuilder(options with { BuildThreads = 4 }).Build(forward);
        Assert.Equal(single.Layout.Ordinals(), parallel.Layout.Ordinals());
        Assert.Equal(single.Layout.SummaryTerms, parallel.Layout.SummaryTerms);
    }

    /// <summary>
    /// The stored bytes of a seeded build are pinned: a build must not depend on anything that varies from process to process
    /// (string hashing or HashCode seeds), or the same documents would give different indexes on each run. A deliberate change
    /// of the algorithm or format updates the value.
    /// </summary>
    [Fact]
    public void BuildsAreByteIdenticalFromOneProcessToTheNext()
    {
        var (documents, _) = TestCorpora.Clustered(seed: 4, documents: 500, queries: 1);
        var file = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 60, BlockSize = 5 }).BuildFile(
            TestSegments.Of(documents));

        // The payload, not the whole file: the envelope records the format version, which changes with other kinds of file.
        var payload = ChecksummedFile.Unwrap("seg_00000001.apx", file, IndexFileKind.Approximate);
        Assert.Equal("1615D4935AD5A919", Convert.ToHexString(System.IO.Hashing.XxHash64.Hash(payload.Span)));
    }

    [Fact]
    public void NoSummaryHoldsMoreEntriesThanTheCap()
    {
        var (documents, _) = TestCorpora.Clustered(seed: 6, documents: 400, queries: 1);
        foreach (var cap in new[] { 1, 5, 12 })
        {
            var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { BlockSize = 8, SummaryEnergy = 1f, MaxSummaryTerms = cap })
                .Build(TestSegments.Of(documents));
            var starts = index.Layout.BlockSummaryStarts;
            var largest = Enumerable.Range(0, index.BlockCount).Max(block => starts[block + 1] - starts[block]);
            Assert.Equal(cap, largest);
        }
    }

    [Fact]
    public void SummariesNeverUnderestimateTheirDocumentsWhenKeptWhole()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 8, documents: 400, queries: 20);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless with { BlockSize = 7 }).Build(TestSegments.Of(documents));
        var layout = index.Layout;
        var levels = layout.Levels();
        var ordinals = layout.Ordinals();
        foreach (var query in queries)
        {
            var dense = new float[4000];
            for (var i = 0; i < query.Count; i++)
            {
                dense[query.Indices[i]] = query.Values[i];
            }

            for (var block = 0; block < layout.BlockScales.Length; block++)
            {
                var bound = 0d;
                for (var e = layout.BlockSummaryStarts[block]; e < layout.BlockSummaryStarts[block + 1]; e++)
                {
                    bound += dense[layout.SummaryTerms[e]] * (double)levels[e] * layout.BlockScales[block];
                }

                for (var d = layout.BlockDocStarts[block]; d < layout.BlockDocStarts[block + 1]; d++)
                {
                    Assert.True(bound >= query.Dot(documents[ordinals[d]]) - 1e-4);
                }
            }
        }
    }
}
