namespace Splade.Retrieval.Evaluation;

/// <summary>How <see cref="RetrievalEvaluator"/> runs a method over a collection.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Documents retrieved per query; at most <see cref="TrecRun.MaxDepth"/> count towards the metrics.</summary>
    public int K { get; init; } = TrecRun.MaxDepth;

    /// <summary>Receives the number of documents indexed so far; may be null.</summary>
    public IProgress<int>? IndexProgress { get; init; }

    /// <summary>Receives the number of queries answered so far; may be null.</summary>
    public IProgress<int>? SearchProgress { get; init; }
}
