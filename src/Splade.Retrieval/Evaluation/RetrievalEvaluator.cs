using System.Diagnostics;

namespace Splade.Retrieval.Evaluation;

/// <summary>Runs a retrieval method over a test collection: indexes the corpus, answers every query, scores the run.</summary>
/// <remarks>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</remarks>
public static class RetrievalEvaluator
{
    /// <summary>Evaluates <paramref name="method"/> on <paramref name="dataset"/>.</summary>
    /// <param name="method">A method that has not indexed anything yet.</param>
    /// <param name="dataset">The collection.</param>
    /// <param name="options">Depth and progress reporting; defaults when null.</param>
    /// <returns>The metrics, the run and the timings.</returns>
    public static EvaluationReport Evaluate(IRetrievalMethod method, BeirDataset dataset, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new EvaluationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1, nameof(options));

        var indexTimer = Stopwatch.StartNew();
        method.Index(dataset.Corpus, options.IndexProgress);
        var indexSeconds = indexTimer.Elapsed.TotalSeconds;

        var run = new TrecRun();
        var latencies = new double[dataset.Queries.Count];
        for (var i = 0; i < dataset.Queries.Count; i++)
        {
            var query = dataset.Queries[i];
            var started = Stopwatch.GetTimestamp();
            var results = method.Search(query.Text, options.K);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            run.Set(query.Id, results);
            options.SearchProgress?.Report(i + 1);
        }

        Array.Sort(latencies);
        var vectors = method as ISparseVectorStatistics;
        return new EvaluationReport(
            dataset.Name,
            method.Name,
            RunEvaluation.Evaluate(run, dataset.Qrels),
            run,
            indexSeconds,
            Percentile.OfSorted(latencies, 0.50),
            Percentile.OfSorted(latencies, 0.95),
            dataset.Report)
        {
            MeanDocumentTerms = vectors?.MeanDocumentNonZeros,
            MeanQueryTerms = vectors?.MeanQueryNonZeros,
        };
    }
}
