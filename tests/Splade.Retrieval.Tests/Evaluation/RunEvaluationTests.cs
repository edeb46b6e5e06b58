using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Tests.Evaluation;

public sealed class RunEvaluationTests
{
    [Fact]
    public void Averages_over_judged_queries_and_scores_missing_ones_as_zero()
    {
        var qrels = new Qrels(new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["q1"] = new Dictionary<string, int> { ["a"] = 1 },
            ["q2"] = new Dictionary<string, int> { ["b"] = 1 },
            ["q3"] = new Dictionary<string, int> { ["c"] = 0 },
        });
        var run = new TrecRun();
        run.Set("q1", [new("a", 3f), new("x", 1f)]);
        run.Set("q3", [new("c", 3f)]);
        run.Set("q4", [new("d", 3f)]);

        var evaluation = RunEvaluation.Evaluate(run, qrels);

        Assert.Equal(["q1", "q2"], evaluation.PerQuery.Keys.Order());
        Assert.Equal(1, evaluation.PerQuery["q1"].NdcgAt10);
        Assert.Equal(0, evaluation.PerQuery["q2"].NdcgAt10);
        Assert.Equal(0.5, evaluation.Mean.NdcgAt10);
        Assert.Equal(0.5, evaluation.Mean.MrrAt10);
        Assert.Equal(0.05, evaluation.Mean.PrecisionAt10, 12);
    }
}
