using Splade.Core;

namespace Splade.Index.Tests.Synthetic;

public class SyntheticSpladeCorpusTests
{
    [Fact]
    public void Equal_seeds_give_identical_documents_and_queries_and_other_seeds_differ()
    {
        var a = new SyntheticSpladeCorpus(new SyntheticCorpusOptions { Seed = 5 });
        var b = new SyntheticSpladeCorpus(new SyntheticCorpusOptions { Seed = 5 });
        var c = new SyntheticSpladeCorpus(new SyntheticCorpusOptions { Seed = 6 });
        Assert.Equal(a.Document(123).Vector, b.Document(123).Vector);
        Assert.Equal(a.Query(7, 1000).Vector, b.Query(7, 1000).Vector);
        Assert.NotEqual(a.Document(123).Vector, c.Document(123).Vector);
    }

    [Fact]
    public void Statistics_follow_the_ms_marco_splade_figures()
    {
        var corpus = new SyntheticSpladeCorpus();
        var documents = Enumerable.Range(0, 400).Select(i => corpus.Document(i).Vector).ToList();
        var queries = Enumerable.Range(0, 200).Select(i => corpus.Query(i, 400).Vector).ToList();
        Assert.InRange(documents.Average(d => d.Count), 126 * 0.9, 126 * 1.1);
        Assert.InRange(queries.Average(q => q.Count), 49 * 0.9, 49 * 1.1);
        Assert.All(documents, d => Assert.True(d.Dimension == 30_522 && d.Indices[^1] < 30_522));
        var weights = documents.SelectMany(d => d.Values.ToArray()).ToList();
        Assert.InRange(weights.Min(), 0.01f, 0.02f);
        Assert.InRange(weights.Max(), 2.9f, 3.0f);

        // Skewed popularity: the most frequent term appears in far more documents than the median term.
        var frequency = documents.SelectMany(d => d.Indices.ToArray()).GroupBy(t => t).Select(g => g.Count()).OrderByDescending(n => n).ToList();
        Assert.True(frequency[0] > 20 * frequency[frequency.Count / 2]);

        // About half of every query comes from one target document of the collection.
        Assert.All(queries, q => Assert.Contains(documents, d => SharedTerms(q, d) >= q.Count / 3));
    }

    private static int SharedTerms(SparseVector a, SparseVector b) => a.Indices.ToArray().Intersect(b.Indices.ToArray()).Count();
}
