using System.Numerics.Tensors;
using Splade.Index;

namespace Splade.Retrieval.Hybrid;

/// <summary>Two-stage retrieval: a sparse first stage (BM25 or SPLADE) finds N candidates, a dense model reranks them.</summary>
/// <remarks>
/// <para>The dense side never scans the corpus: it scores only the N first-stage documents, so the query costs one
/// sparse search plus N dense dot products. The result is a reordering of the first stage's top N, cut to
/// <see cref="TwoStageOptions.K"/>. <see cref="TwoStageOptions.Filter"/> applies to the first stage, so every hit passes it, and
/// hits carry the documents' metadata and text.</para>
/// <para>A candidate without a dense vector has no dense score: with <see cref="TwoStageOptions.Fusion"/> it is fused on its
/// first-stage evidence alone; without, there is nothing to rerank it by and it is left out.</para>
/// <para>Dense ties are broken by first-stage rank. The searcher holds no per-query state and is thread-safe when the corpus is.</para>
/// <para>Thread safety: keeps no mutable state: Search may be called from any number of threads at once, provided the corpus allows concurrent reads
/// (SparseIndexHybridCorpus does).</para>
/// </remarks>
public sealed class TwoStageSearcher
{
    private readonly IHybridCorpus _corpus;

    /// <summary>Creates a searcher over <paramref name="corpus"/>; its sparse side is the first stage.</summary>
    /// <param name="corpus">The documents, with a sparse and a dense side.</param>
    public TwoStageSearcher(IHybridCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        _corpus = corpus;
    }

    /// <summary>Retrieves the sparse top N for <paramref name="query"/> and reranks them densely.</summary>
    /// <param name="query">The sparse and dense query.</param>
    /// <param name="options">N, K, the filter and the rerank rule.</param>
    /// <exception cref="ArgumentException">The dense query has the wrong dimension, a non-finite value, or is all zeros; or the corpus
    /// cannot apply the filter.</exception>
    public IReadOnlyList<HybridHit> Search(HybridQuery query, TwoStageOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DenseVectorGuard.RequireUsableQuery(query.Dense.Span, _corpus.DenseDimension, "query.Dense");
        var firstStage = _corpus.SearchSparse(query.Sparse, options.FirstStageDepth, options.Filter);
        return Rerank(firstStage, query.Dense.Span, _corpus.GetDense, options);
    }

    /// <summary>Reranks any first-stage list with dense similarity, for first stages that live outside a corpus.</summary>
    /// <param name="firstStage">The first stage's ranked list, best first; only its top <see cref="TwoStageOptions.FirstStageDepth"/> are used.</param>
    /// <param name="denseQuery">The dense query.</param>
    /// <param name="denseVectorOf">Returns a document's dense vector, of the query's dimension, or null when it has none.</param>
    /// <param name="options">N, K and the rerank rule.</param>
    internal static IReadOnlyList<HybridHit> Rerank(
        IReadOnlyList<SearchHit> firstStage,
        ReadOnlySpan<float> denseQuery,
        Func<string, ReadOnlyMemory<float>?> denseVectorOf,
        TwoStageOptions options)
    {
        ArgumentNullException.ThrowIfNull(firstStage);
        ArgumentNullException.ThrowIfNull(denseVectorOf);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var n = Math.Min(firstStage.Count, options.FirstStageDepth);
        var dense = new float?[n];
        for (var i = 0; i < n; i++)
        {
            if (denseVectorOf(firstStage[i].Id) is { } vector)
            {
                DenseVectorGuard.RequireDimension(vector.Span, denseQuery.Length, $"dense vector of document '{firstStage[i].Id}'");
                dense[i] = TensorPrimitives.Dot(denseQuery, vector.Span);
            }
        }

        var denseRanks = RanksOf(dense);
        var pool = new List<FusionCandidate>(n);
        for (var i = 0; i < n; i++)
        {
            var hit = firstStage[i];
            pool.Add(new FusionCandidate(hit.Id, hit.Score, dense[i], i + 1, denseRanks[i]) { Metadata = hit.Metadata, Text = hit.Text });
        }

        if (options.Fusion is not null)
        {
            return HybridFusion.Fuse(pool, options.Fusion with { K = options.K, CandidateDepth = Math.Max(options.K, options.Fusion.CandidateDepth) });
        }

        var order = new int[n];
        var ranked = 0;
        for (var i = 0; i < n; i++)
        {
            if (denseRanks[i] > 0)
            {
                order[denseRanks[i] - 1] = i;
                ranked++;
            }
        }

        var count = Math.Min(options.K, ranked);
        var hits = new List<HybridHit>(count);
        for (var r = 0; r < count; r++)
        {
            var c = pool[order[r]];
            hits.Add(new HybridHit(c.Id, c.DenseScore!.Value, c.SparseScore, c.DenseScore, c.SparseRank, c.DenseRank) { Metadata = c.Metadata, Text = c.Text });
        }

        return hits;
    }

    /// <summary>1-based ranks by descending score, ties by position (the first-stage rank); 0 for a candidate without a score.</summary>
    private static int[] RanksOf(float?[] scores)
    {
        var order = new List<int>(scores.Length);
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i].HasValue)
            {
                order.Add(i);
            }
        }

        order.Sort((a, b) =>
        {
            var byScore = scores[b]!.Value.CompareTo(scores[a]!.Value);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });

        var ranks = new int[scores.Length];
        for (var r = 0; r < order.Count; r++)
        {
            ranks[order[r]] = r + 1;
        }

        return ranks;
    }
}
