using Splade.Cli.Commands;
using Splade.Retrieval;
using Splade.Retrieval.Hybrid;

namespace Splade.Cli.Eval;

/// <summary>Builds the dense, hybrid and two-stage methods of <c>splade eval</c>.</summary>
/// <remarks>
/// The dense model is <c>--dense-model</c>: an embedded model's name or a model folder (default: the default embedded
/// model). Document embeddings are cached under <c>$SPLADE_DENSE_CACHE</c>, or <c>.cache/dense</c> in the working
/// directory, so that re-running an evaluation does not re-encode the collections. Hybrid and two-stage use the sparse
/// method given (BM25, or SPLADE for hybrid-splade) as the sparse side.
/// </remarks>
internal static class DenseEvalMethods
{
    public static IRetrievalMethod Create(EvalMethod method, IRetrievalMethod bm25, string? denseModel)
    {
        DenseRetrievalMethod dense;
        try
        {
            dense = new DenseRetrievalMethod(DenseModelOption.Load(denseModel), new DenseEmbeddingCache(CacheFolder()));
        }
        catch
        {
            bm25.Dispose();
            throw;
        }

        switch (method)
        {
            case EvalMethod.Dense:
                bm25.Dispose();
                return dense;
            case EvalMethod.Hybrid:
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.ReciprocalRank });
            case EvalMethod.HybridMinmax:
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.Convex, Normalization = ScoreNormalization.MinMax });
            case EvalMethod.HybridZscore:
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.Convex, Normalization = ScoreNormalization.ZScore });
            case EvalMethod.HybridAlpha:
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.Alpha });
            default:
                return new TwoStageRetrievalMethod(
                    bm25, dense, new TwoStageOptions { FirstStageDepth = 100, Fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank } });
        }
    }

    private static string CacheFolder() =>
        Environment.GetEnvironmentVariable("SPLADE_DENSE_CACHE") is { Length: > 0 } folder ? folder : Path.Combine(".cache", "dense");
}
