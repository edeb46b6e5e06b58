using Splade.Core;
using Splade.Cli.Synthetic;

namespace Splade.Cli.Tests.Synthetic;

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

    [Fact]
    public void With_topics_documents_of_one_topic_share_far_more_terms_than_documents_of_different_topics()
    {
        var corpus = new SyntheticSpladeCorpus(new SyntheticCorpusOptions { Topics = 20 });
        var documents = Enumerable.Range(0, 300).Select(i => (Topic: corpus.TopicOf(i), Vector: corpus.DocumentVector(i))).ToList();
        Assert.All(documents, d => Assert.InRange(d.Topic, 0, 19));
        Assert.True(documents.Select(d => d.Topic).Distinct().Count() >= 15);
        double same = 0, different = 0;
        int sameCount = 0, differentCount = 0;
        for (var a = 0; a < 100; a++)
        {
            for (var b = a + 1; b < 100; b++)
            {
                var shared = SharedTerms(documents[a].Vector, documents[b].Vector);
                if (documents[a].Topic == documents[b].Topic)
                {
                    same += shared;
                    sameCount++;
                }
                else
                {
                    different += shared;
                    differentCount++;
                }
            }
        }

        Assert.True(
            same / sameCount > 3 * (different / differentCount),
            $"same topic {same / sameCount:F1} shared terms, different topics {different / differentCount:F1}");
        Assert.InRange(documents.Average(d => d.Vector.Count), 126 * 0.9, 126 * 1.1);

        // A query matches its target's topic beyond the target itself: other documents of that topic score high too.
        var queries = Enumerable.Range(0, 50).Select(i => corpus.Query(i, 300).Vector).ToList();
        Assert.InRange(queries.Average(q => q.Count), 49 * 0.9, 49 * 1.1);
        // (A rare query drawn with only a handful of terms need not, so the check is over most queries.)
        var topical = queries.Count(query =>
        {
            var best = documents.OrderByDescending(d => query.Dot(d.Vector)).Take(5).ToList();
            return best.Count(d => d.Topic == best[0].Topic) >= 3;
        });
        Assert.True(topical >= 45, $"{topical} of 50 queries have a topical top 5");
    }

    [Fact]
    public void Without_topics_every_document_reports_no_topic()
    {
        var corpus = new SyntheticSpladeCorpus();
        Assert.Equal(-1, corpus.TopicOf(0));
    }

    [Theory]
    [InlineData(-1, 400, 0.6, "Topics")]
    [InlineData(10, 8, 0.6, "TermsPerTopic")]
    [InlineData(10, 400, 1.5, "TopicShare")]
    public void Bad_topic_options_are_rejected_naming_the_option(int topics, int termsPerTopic, double share, string named)
    {
        var error = Assert.Throws<ArgumentException>(
            () => new SyntheticSpladeCorpus(new SyntheticCorpusOptions { Topics = topics, TermsPerTopic = termsPerTopic, TopicShare = share }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static int SharedTerms(SparseVector a, SparseVector b) => a.Indices.ToArray().Intersect(b.Indices.ToArray()).Count();
}
