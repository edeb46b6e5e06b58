using CsCheck;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexFilterTests
{
    [Fact]
    public void RejectedOrdinalsAreNeverReturned()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 11, documents: 800, queries: 30);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 100, BlockSize = 4 })
            .Build(TestSegments.Of(documents));
        Gen.Select(Gen.Int[0, queries.Count - 1], Gen.Int[2, 7], Gen.Int[1, 30], Gen.Float[0f, 1f]).Sample(
            (q, modulus, k, heapFactor) =>
            {
                var options = new ApproximateSearchOptions { K = k, HeapFactor = heapFactor, QueryTerms = 1 + (q % 12) };
                bool Accept(int ordinal) => ordinal % modulus != 0;
                var hits = index.Search(queries[q], options, Accept);
                Assert.All(hits, hit => Assert.True(Accept(hit.Ordinal), $"ordinal {hit.Ordinal} was rejected"));
            },
            iter: 200);
    }

    [Fact]
    public void ExhaustiveSearchWithAFilterEqualsFilteredBruteForce()
    {
        Gen.Select(Gen.Int[1, 100], Gen.Int[1, 40], Gen.Int[1, 10], Gen.Int).Sample(
            (documentCount, dimension, k, seed) =>
            {
                var random = new Random(seed);
                var documents = TestCorpora.RandomDyadic(random, documentCount, (uint)dimension, maxTerms: 10);
                var alive = Enumerable.Range(0, documentCount).Select(_ => random.Next(3) > 0).ToArray();
                var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Lossless).Build(TestSegments.Of(documents));
                var query = TestCorpora.RandomDyadicVector(random, (uint)dimension, random.Next(1, 8));
                var options = ApproximateSearchOptions.Exhaustive with { K = k };
                Assert.Equal(BruteForce.TopK(documents, query, k, d => alive[d]), index.Search(query, options, d => alive[d]));
            },
            iter: 150);
    }
}
