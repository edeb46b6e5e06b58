using CsCheck;
using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Search;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexExactnessTests
{
    private static readonly Gen<(int Documents, int Dimension, int K, int BlockSize, int Seed)> Cases =
        Gen.Select(Gen.Int[0, 120], Gen.Int[1, 60], Gen.Int[1, 12], Gen.Int[1, 8], Gen.Int);

    [Fact]
    public void LosslessIndexWithExhaustiveSearchEqualsBruteForce()
    {
        Cases.Sample(
            c =>
            {
                var random = new Random(c.Seed);
                var documents = TestCorpora.RandomDyadic(random, c.Documents, (uint)c.Dimension, maxTerms: 12);
                var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless with { BlockSize = c.BlockSize, Seed = c.Seed })
                    .Build(TestSegments.Of(documents));
                var options = ApproximateSearchOptions.Exhaustive with { K = c.K };
                for (var q = 0; q < 5; q++)
                {
                    var query = TestCorpora.RandomDyadicVector(random, (uint)c.Dimension, random.Next(0, 10));
                    Assert.Equal(BruteForce.TopK(documents, query, c.K), index.Search(query, options));
                }
            },
            iter: 150);
    }

    [Fact]
    public void StaticPruningKeepsTheHeaviestPostingsOfEachTerm()
    {
        Gen.Select(Gen.Int[1, 80], Gen.Int[1, 20], Gen.Int[1, 10], Gen.Int).Sample(
            (documentCount, dimension, lambda, seed) =>
            {
                var random = new Random(seed);
                var documents = TestCorpora.RandomDyadic(random, documentCount, (uint)dimension, maxTerms: 8);
                var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless with { PostingsPerTerm = lambda, Seed = seed })
                    .Build(TestSegments.Of(documents));
                var layout = index.Layout;
                Assert.All(documents, document => Assert.True(document.Count == 0 || document.Indices[^1] < index.Dimension));
                for (var term = 0u; term < index.Dimension; term++)
                {
                    var kept = new List<int>();
                    for (var block = layout.TermBlockStarts[term]; block < layout.TermBlockStarts[term + 1]; block++)
                    {
                        kept.AddRange(layout.Ordinals()[layout.BlockDocStarts[block]..layout.BlockDocStarts[block + 1]]);
                    }

                    var weights = Enumerable.Range(0, documentCount)
                        .Where(d => documents[d][term] > 0f)
                        .Select(d => documents[d][term])
                        .OrderDescending()
                        .ToList();
                    Assert.Equal(Math.Min(lambda, weights.Count), kept.Count);
                    Assert.Equal(kept.Count, kept.Distinct().Count());
                    if (kept.Count > 0 && kept.Count < weights.Count)
                    {
                        // Every dropped posting weighs no more than the lightest kept one.
                        Assert.True(kept.Min(d => documents[d][term]) >= weights[kept.Count]);
                    }
                }
            },
            iter: 100);
    }

    [Fact]
    public void BlocksAreScoredBestSummaryFirstAndTheSearchStopsAtTheFirstThatCannotEnter()
    {
        // The query's heaviest term only reaches a weak document; its lighter term reaches four strong ones. Taking the blocks
        // in term order would score the weak document first; best summary first scores the strong block and then stops.
        var documents = new List<SparseVector>
        {
            new([0u], [1f], 4),
            new([1u], [10f], 4),
            new([1u], [10f], 4),
            new([1u], [10f], 4),
            new([1u], [10f], 4),
        };
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless with { BlockSize = 4 }).Build(TestSegments.Of(documents));
        var query = new SparseVector([0u, 1u], [2f, 1f], 4);
        var hits = new ScoredOrdinal[1];

        var count = index.Search(query, new ApproximateSearchOptions { K = 1, QueryTerms = 2, HeapFactor = 1f }, null, hits, out var counters);

        Assert.Equal(1, count);
        Assert.Equal(BruteForce.Hit(1, 10f), hits[0]);
        Assert.Equal(4, counters.DocumentsScored);
        Assert.Equal(2, counters.BlocksProbed);
        Assert.Equal(1, counters.BlocksSkipped);
    }

    [Fact]
    public void EmptyQueryAndEmptyCollectionReturnNothing()
    {
        var empty = new ApproximateIndexBuilder().Build(TestSegments.Of([]));
        Assert.Empty(empty.Search(new SparseVector([1u], [1f], 10)));
        var documents = new List<SparseVector> { new([1u, 3u], [1f, 2f], 10) };
        var index = new ApproximateIndexBuilder().Build(TestSegments.Of(documents));
        Assert.Empty(index.Search(SparseVector.Empty.WithDimension(10)));
        Assert.Equal([BruteForce.Hit(0, 4f)], index.Search(new SparseVector([3u], [2f], 10)));
    }

    [Fact]
    public void QueryTermsBeyondTheSegmentsVocabularyMatchNothing()
    {
        var index = new ApproximateIndexBuilder().Build(TestSegments.Of([new SparseVector([1u], [1f], 10)]));
        Assert.Equal(2u, index.Dimension);
        Assert.Empty(index.Search(new SparseVector([12u], [1f])));
        Assert.Equal([BruteForce.Hit(0, 2f)], index.Search(new SparseVector([1u, 12u, 70_000u], [2f, 1f, 5f])));
    }
}
