using Splade.Encoding.Dense;
using Splade.Retrieval;
using Splade.Retrieval.Hybrid;

namespace Splade.Cli.Commands;

/// <summary>Builds the dense, hybrid and two-stage methods of <c>splade eval</c>.</summary>
/// <remarks>
/// The dense model is the folder given with <c>--model</c>, or the embedded all-MiniLM-L6-v2. Document embeddings are
/// cached under <c>$SPLADE_DENSE_CACHE</c>, or <c>.cache/dense</c> in the working directory, so that re-running an
/// evaluation does not re-encode the collections. Hybrid and two-stage use BM25 as the sparse side.
/// </remarks>
internal static class DenseEvalMethods
{
    public static IRetrievalMethod Create(string method, IRetrievalMethod bm25, string? modelFolder)
    {
        var dense = new DenseRetrievalMethod(CreateEncoder(modelFolder), new DenseEmbeddingCache(CacheFolder()));
        switch (method)
        {
            case "dense":
                bm25.Dispose();
                return dense;
            case "hybrid":
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.ReciprocalRank });
            case "hybrid-minmax":
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.Convex, Normalization = ScoreNormalization.MinMax });
            case "hybrid-zscore":
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.Convex, Normalization = ScoreNormalization.ZScore });
            case "hybrid-alpha":
                return new HybridRetrievalMethod(bm25, dense, new FusionOptions { Method = FusionMethod.Alpha });
            default:
                return new TwoStageRetrievalMethod(bm25, dense, new TwoStageOptions { FirstStageDepth = 100, Fusion = new FusionOptions { Method = FusionMethod.ReciprocalRank } });
        }
    }

    private static DenseEncoder CreateEncoder(string? modelFolder) =>
        modelFolder is null ? DenseEncoder.FromEmbeddedMiniLm() : DenseEncoder.FromModelFolder(modelFolder);

    private static string CacheFolder() =>
        Environment.GetEnvironmentVariable("SPLADE_DENSE_CACHE") is { Length: > 0 } folder ? folder : Path.Combine(".cache", "dense");
}
