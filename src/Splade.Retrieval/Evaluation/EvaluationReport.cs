namespace Splade.Retrieval.Evaluation;

/// <summary>The outcome of running one retrieval method over one test collection.</summary>
/// <param name="Dataset">The collection's name.</param>
/// <param name="Method">The method's name.</param>
/// <param name="Metrics">Per-query and mean metrics.</param>
/// <param name="Run">The ranked results of every query.</param>
/// <param name="IndexSeconds">Wall-clock seconds spent indexing the corpus.</param>
/// <param name="SearchMillisecondsP50">Median wall-clock milliseconds per query.</param>
/// <param name="SearchMillisecondsP95">95th-percentile wall-clock milliseconds per query.</param>
/// <param name="Load">What loading the collection skipped or noticed.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record EvaluationReport(
    string Dataset,
    string Method,
    RunEvaluation Metrics,
    TrecRun Run,
    double IndexSeconds,
    double SearchMillisecondsP50,
    double SearchMillisecondsP95,
    DatasetLoadReport Load)
{
    /// <summary>For learned sparse methods: the mean number of non-zero terms per indexed document; null for other methods.</summary>
    public double? MeanDocumentTerms { get; init; }

    /// <summary>For learned sparse methods: the mean number of non-zero terms per query vector; null for other methods.</summary>
    public double? MeanQueryTerms { get; init; }
}
