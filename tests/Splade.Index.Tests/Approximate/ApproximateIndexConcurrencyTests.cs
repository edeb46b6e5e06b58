using Splade.Index.Approximate;
using Splade.Index.Search;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexConcurrencyTests
{
    [Fact]
    public void ConcurrentSearchesMatchSequentialOnes()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 13, documents: 1000, queries: 64);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 150 }).Build(TestSegments.Of(documents));
        var expected = queries.Select(query => index.Search(query)).ToList();
        var actual = new IReadOnlyList<ScoredOrdinal>[queries.Count];
        Parallel.For(
            0,
            queries.Count * 4,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => actual[i % queries.Count] = index.Search(queries[i % queries.Count]));
        for (var q = 0; q < queries.Count; q++)
        {
            Assert.Equal(expected[q], actual[q]);
        }
    }
}
