using System.Numerics.Tensors;
using Splade.Index;

namespace Splade.Retrieval.Hybrid;

/// <summary>Hybrid sparse-dense search over an <see cref="IHybridCorpus"/>.</summary>
/// <remarks>
/// <para>A search retrieves the top <see cref="FusionOptions.CandidateDepth"/> documents on each side, scores every
/// candidate of the union exactly on both sides (the side that missed it is asked for that document's vector), and
/// fuses the pool with <see cref="HybridFusion"/>. <see cref="FusionOptions.Filter"/> applies to both sides, so every candidate
/// passes it. Hits carry the documents' metadata and text; a document without a dense vector has no dense score. Each hit can
/// then be explained with <see cref="Explain"/>.</para>
/// <para>The searcher holds no per-query state and is thread-safe when the corpus is.</para>
/// <para>Thread safety: keeps no mutable state: Search may be called from any number of threads at once, provided the corpus allows concurrent reads
/// (SparseIndexHybridCorpus does).</para>
/// </remarks>
public sealed class HybridSearcher
{
    private readonly IHybridCorpus _corpus;

    /// <summary>Creates a searcher over <paramref name="corpus"/>.</summary>
    /// <param name="corpus">The documents, with a sparse and a dense side.</param>
    public HybridSearcher(IHybridCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        _corpus = corpus;
    }

    /// <summary>Runs a hybrid search.</summary>
    /// <param name="query">The sparse and dense query.</param>
    /// <param name="options">The fusion method, its parameters, the filter and the result count.</param>
    /// <exception cref="ArgumentException">The dense query has the wrong dimension, a non-finite value, or is all zeros; or the corpus
    /// cannot apply the filter.</exception>
    public IReadOnlyList<HybridHit> Search(HybridQuery query, FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DenseVectorGuard.RequireUsableQuery(query.Dense.Span, _corpus.DenseDimension, "query.Dense");

        var sparse = _corpus.SearchSparse(query.Sparse, options.CandidateDepth, options.Filter);
        var dense = _corpus.SearchDense(query.Dense.Span, options.CandidateDepth, options.Filter);
        var pool = BuildPool(query, sparse, dense);
        return HybridFusion.Fuse(pool, options);
    }

    /// <summary>Explains a hit: the sparse terms it matched with their contributions, its dense similarity, its fused score.</summary>
    /// <param name="query">The query the hit was found for.</param>
    /// <param name="hit">The hit to explain.</param>
    /// <param name="method">The fusion method the hit was ranked with.</param>
    public HybridExplanation Explain(HybridQuery query, HybridHit hit, FusionMethod method)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(hit);
        var terms = TermContribution.Match(query.Sparse, _corpus.GetSparse(hit.Id));
        var dense = DenseScore(query.Dense.Span, hit.Id);
        return new HybridExplanation(hit.Id, terms, hit.SparseScore, dense, hit.Score, method);
    }

    private float? DenseScore(ReadOnlySpan<float> query, string id) =>
        _corpus.GetDense(id) is { } vector ? TensorPrimitives.Dot(query, vector.Span) : null;

    private List<FusionCandidate> BuildPool(HybridQuery query, IReadOnlyList<SearchHit> sparse, IReadOnlyList<SearchHit> dense)
    {
        var byId = new Dictionary<string, int>(sparse.Count + dense.Count, StringComparer.Ordinal);
        var pool = new List<FusionCandidate>(sparse.Count + dense.Count);
        for (var rank = 0; rank < sparse.Count; rank++)
        {
            var hit = sparse[rank];
            byId[hit.Id] = pool.Count;
            pool.Add(new FusionCandidate(hit.Id, hit.Score, null, rank + 1, 0) { Metadata = hit.Metadata, Text = hit.Text });
        }

        for (var rank = 0; rank < dense.Count; rank++)
        {
            var hit = dense[rank];
            if (byId.TryGetValue(hit.Id, out var at))
            {
                pool[at] = pool[at] with { DenseScore = hit.Score, DenseRank = rank + 1 };
            }
            else
            {
                var sparseScore = query.Sparse.Dot(_corpus.GetSparse(hit.Id));
                pool.Add(new FusionCandidate(hit.Id, sparseScore, hit.Score, 0, rank + 1) { Metadata = hit.Metadata, Text = hit.Text });
            }
        }

        for (var i = 0; i < pool.Count; i++)
        {
            if (pool[i].DenseRank == 0)
            {
                // The dense side did not retrieve it: its exact dense score, or none when it has no dense vector.
                pool[i] = pool[i] with { DenseScore = DenseScore(query.Dense.Span, pool[i].Id) };
            }
        }

        return pool;
    }
}
