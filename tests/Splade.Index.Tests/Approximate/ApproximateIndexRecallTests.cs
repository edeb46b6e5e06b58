using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class ApproximateIndexRecallTests
{
    [Fact]
    public void DefaultKnobsReachHighRecallOnAClusteredCorpus()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 5, documents: 3000, queries: 60);
        var forward = TestSegments.Of(documents);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 300 }).Build(forward);
        var recall = queries.Average(query => BruteForce.Recall(index.Search(query), BruteForce.TopK(documents, query, 10)));
        var exhaustiveRecall = queries.Average(
            query => BruteForce.Recall(index.Search(query, ApproximateSearchOptions.Exhaustive), BruteForce.TopK(documents, query, 10)));

        // Loose bounds: approximate search loses some recall but not most of it; exhaustive search over pruned lists loses less.
        Assert.True(recall >= 0.8, $"recall@10 at default knobs was {recall:F3}");
        Assert.True(exhaustiveRecall >= recall, $"exhaustive {exhaustiveRecall:F3} < default {recall:F3}");
    }

    [Fact]
    public void TuningReachesTheTargetOnItsSampleAndReportsHonestRecall()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 9, documents: 2000, queries: 40);
        var forward = TestSegments.Of(documents);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 400 }).Build(forward);
        var tuned = index.Tune(queries, targetRecall: 0.9);

        var measured = queries.Average(query => BruteForce.Recall(index.Search(query, tuned.Options), BruteForce.TopK(documents, query, 10)));
        Assert.True(tuned.ReachedTarget);
        Assert.Equal(measured, tuned.Recall, 6);
        Assert.True(measured >= 0.9, $"tuned recall {measured:F3}");
        Assert.True(tuned.MeanDocumentsScored < documents.Count, "tuning should find knobs cheaper than scoring everything");
    }

    [Fact]
    public void TuningSaysWhenTheTargetIsOutOfReach()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 3, documents: 1500, queries: 20);
        var index = new ApproximateIndexBuilder(ApproximateIndexOptions.Default with { PostingsPerTerm = 2 }).Build(TestSegments.Of(documents));
        var tuned = index.Tune(queries, targetRecall: 1.0);
        Assert.False(tuned.ReachedTarget);
        Assert.True(tuned.Recall < 1.0);
    }
}
