namespace Splade.Retrieval.Evaluation;

/// <summary>How <see cref="RetrievalEvaluator"/> runs a method over a collection.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record EvaluationOptions
{
    /// <summary>Documents retrieved per query; at most <see cref="TrecRun.MaxDepth"/> count towards the metrics.</summary>
    public int K { get; init; } = TrecRun.MaxDepth;

    /// <summary>Receives the number of documents indexed so far; may be null.</summary>
    public IProgress<int>? IndexProgress { get; init; }

    /// <summary>Receives the number of queries answered so far; may be null.</summary>
    public IProgress<int>? SearchProgress { get; init; }
}
