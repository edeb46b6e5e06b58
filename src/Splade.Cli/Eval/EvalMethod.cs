namespace Splade.Cli.Eval;

/// <summary>The retrieval methods <c>splade eval</c> runs (<c>--method</c>, <c>--methods</c>), spelled bm25, tfidf, splade, dense,
/// hybrid, hybrid-minmax, hybrid-zscore, hybrid-alpha, two-stage, hybrid-splade.</summary>
internal enum EvalMethod
{
    /// <summary>BM25 over the analyzer's terms.</summary>
    Bm25,

    /// <summary>TF-IDF over the analyzer's terms.</summary>
    Tfidf,

    /// <summary>The SPLADE model's vectors (<c>-m/--model</c>).</summary>
    Splade,

    /// <summary>The dense model's embeddings (<c>--dense-model</c>).</summary>
    Dense,

    /// <summary>BM25 and dense, reciprocal rank fusion.</summary>
    Hybrid,

    /// <summary>BM25 and dense, convex combination of min-max normalised scores.</summary>
    HybridMinmax,

    /// <summary>BM25 and dense, convex combination of z-scores.</summary>
    HybridZscore,

    /// <summary>BM25 and dense, Pinecone's alpha scaling.</summary>
    HybridAlpha,

    /// <summary>BM25's top 100 reranked by the dense model (reciprocal rank fusion).</summary>
    TwoStage,

    /// <summary>SPLADE and dense, reciprocal rank fusion.</summary>
    HybridSplade,
}
