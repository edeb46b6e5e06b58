using System.Numerics.Tensors;
using Splade.Core;

namespace Splade.Retrieval.Hybrid;

/// <summary>Hybrid sparse-dense search over an <see cref="IHybridCorpus"/>.</summary>
/// <remarks>
/// <para>A search retrieves the top <see cref="FusionOptions.CandidateDepth"/> documents on each side, scores every
/// candidate of the union exactly on both sides (the side that missed it is asked for that document's vector), and
/// fuses the pool with <see cref="HybridFusion"/>. Each hit can then be explained with <see cref="Explain"/>.</para>
/// <para>The searcher holds no per-query state and is thread-safe when the corpus is.</para>
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
    /// <param name="options">The fusion method, its parameters and the result count.</param>
    /// <exception cref="ArgumentException">The dense query has the wrong dimension, a non-finite value, or is all zeros.</exception>
    public IReadOnlyList<HybridHit> Search(HybridQuery query, FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DenseVectorGuard.RequireUsableQuery(query.Dense.Span, _corpus.DenseDimension, "query.Dense");

        var sparse = _corpus.SearchSparse(query.Sparse, options.CandidateDepth);
        var dense = _corpus.SearchDense(query.Dense.Span, options.CandidateDepth);
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
        var terms = MatchedTerms(query.Sparse, _corpus.GetSparse(hit.Id));
        var dense = TensorPrimitives.Dot(query.Dense.Span, _corpus.GetDense(hit.Id).Span);
        return new HybridExplanation(hit.Id, terms, hit.SparseScore, dense, hit.Score, method);
    }

    /// <summary>The terms shared by <paramref name="query"/> and <paramref name="document"/>, largest contribution first.</summary>
    internal static List<TermContribution> MatchedTerms(SparseVector query, SparseVector document)
    {
        var terms = new List<TermContribution>();
        var q = query.Indices;
        var d = document.Indices;
        int i = 0, j = 0;
        while (i < q.Length && j < d.Length)
        {
            if (q[i] == d[j])
            {
                terms.Add(new TermContribution(q[i], query.Values[i], document.Values[j]));
                i++;
                j++;
            }
            else if (q[i] < d[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        terms.Sort((a, b) =>
        {
            var byContribution = b.Contribution.CompareTo(a.Contribution);
            return byContribution != 0 ? byContribution : a.TermId.CompareTo(b.TermId);
        });
        return terms;
    }

    private List<FusionCandidate> BuildPool(HybridQuery query, IReadOnlyList<RankedDocument> sparse, IReadOnlyList<RankedDocument> dense)
    {
        var byId = new Dictionary<string, int>(sparse.Count + dense.Count, StringComparer.Ordinal);
        var pool = new List<FusionCandidate>(sparse.Count + dense.Count);
        for (var rank = 0; rank < sparse.Count; rank++)
        {
            var doc = sparse[rank];
            byId[doc.Id] = pool.Count;
            pool.Add(new FusionCandidate(doc.Id, doc.Score, 0, rank + 1, 0));
        }

        for (var rank = 0; rank < dense.Count; rank++)
        {
            var doc = dense[rank];
            if (byId.TryGetValue(doc.Id, out var at))
            {
                pool[at] = pool[at] with { DenseScore = doc.Score, DenseRank = rank + 1 };
            }
            else
            {
                var sparseScore = query.Sparse.Dot(_corpus.GetSparse(doc.Id));
                pool.Add(new FusionCandidate(doc.Id, sparseScore, doc.Score, 0, rank + 1));
            }
        }

        for (var i = 0; i < pool.Count; i++)
        {
            if (pool[i].DenseRank == 0)
            {
                pool[i] = pool[i] with { DenseScore = TensorPrimitives.Dot(query.Dense.Span, _corpus.GetDense(pool[i].Id).Span) };
            }
        }

        return pool;
    }
}
