using Splade.Index;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Lexical;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Lexical;

public sealed class MedlineEvaluationTests
{
    private static readonly BeirDataset Medline = BeirDataset.Load(TestPaths.Fixture("datasets", "medline"));

    [Fact]
    public void Bm25_ranks_medline_far_better_than_chance_and_runs_round_trip_through_trec_files()
    {
        using var retriever = new LexicalRetriever();
        var report = RetrievalEvaluator.Evaluate(retriever, Medline, new EvaluationOptions { K = 100 });

        Assert.Equal(30, report.Metrics.PerQuery.Count);
        Assert.InRange(report.Metrics.Mean.NdcgAt10, 0.3, 1.0);
        Assert.InRange(report.Metrics.Mean.RecallAt100, 0.4, 1.0);
        Assert.True(report.Metrics.Mean.NdcgAt10 > 3 * ShuffledRunNdcg(), "BM25 should beat a random ranking by far");

        using var temp = new TempFolder("splade-medline-");
        var path = temp.Combine("run.trec");
        TrecRunFile.Write(report.Run, path, "bm25");
        var reread = RunEvaluation.Evaluate(TrecRunFile.Read(path), Medline.Qrels);
        Assert.Equal(report.Metrics.Mean, reread.Mean);
    }

    [Fact]
    public void Tf_idf_and_lucene_norms_give_sensible_rankings_too()
    {
        using var tfidf = new LexicalRetriever(new LexicalOptions { Scoring = LexicalScoring.TfIdf });
        using var luceneNorms = new LexicalRetriever(new LexicalOptions { LuceneLengthNorms = true });
        Assert.InRange(RetrievalEvaluator.Evaluate(tfidf, Medline, new EvaluationOptions { K = 10 }).Metrics.Mean.NdcgAt10, 0.3, 1.0);
        Assert.InRange(RetrievalEvaluator.Evaluate(luceneNorms, Medline, new EvaluationOptions { K = 10 }).Metrics.Mean.NdcgAt10, 0.3, 1.0);
    }

    private static double ShuffledRunNdcg()
    {
        var random = new Random(7);
        var run = new TrecRun();
        foreach (var query in Medline.Queries)
        {
            run.Set(query.Id, Medline.Corpus.Select(d => new SearchHit(d.Id, random.NextSingle())).ToList());
        }

        return RunEvaluation.Evaluate(run, Medline.Qrels).Mean.NdcgAt10;
    }
}
