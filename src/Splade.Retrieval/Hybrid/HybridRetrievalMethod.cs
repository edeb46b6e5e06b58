using System.Numerics.Tensors;
using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Hybrid;

/// <summary>Hybrid retrieval for evaluation: any sparse method (BM25, SPLADE) fused with a dense method.</summary>
/// <remarks>
/// <para>Each side retrieves <c>max(CandidateDepth, k)</c> documents; the union is fused with <see cref="HybridFusion"/>.
/// Documents only the sparse side found get their exact dense similarity. Documents only the dense side found get a
/// sparse score of 0: the sparse method exposes ranked lists, not document vectors, and such documents scored below the
/// sparse side's depth cut anyway. Use <see cref="HybridSearcher"/> over an <see cref="IHybridCorpus"/> where both sides
/// can score any document exactly.</para>
/// <para>The method owns both sides and disposes them.</para>
/// <para>Thread safety: call Index once, from one thread; after it returns, Search may be called from any number of threads at once. Dispose once no call is
/// running.</para>
/// </remarks>
public sealed class HybridRetrievalMethod : IRetrievalMethod
{
    private readonly IRetrievalMethod _sparse;
    private readonly DenseRetrievalMethod _dense;
    private readonly FusionOptions _options;

    /// <summary>Creates the method; it takes ownership of both sides.</summary>
    /// <param name="sparse">The sparse side.</param>
    /// <param name="dense">The dense side.</param>
    /// <param name="options">The fusion method and parameters; <see cref="FusionOptions.K"/> is replaced by each search's k.</param>
    public HybridRetrievalMethod(IRetrievalMethod sparse, DenseRetrievalMethod dense, FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Filter is not null)
        {
            throw new ArgumentException(
                "Evaluation corpora carry no metadata, so a hybrid retrieval method cannot filter; leave FusionOptions.Filter null.", nameof(options));
        }

        _sparse = sparse;
        _dense = dense;
        _options = options;
    }

    /// <inheritdoc />
    /// <remarks>Such as <c>hybrid-rrf(bm25/english+dense/all-MiniLM-L6-v2)</c>.</remarks>
    public string Name => $"hybrid-{MethodName(_options)}({_sparse.Name}+{_dense.Name})";

    /// <inheritdoc />
    public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
    {
        _sparse.Index(documents, progress);
        _dense.Index(documents, progress);
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(string query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var depth = Math.Max(_options.CandidateDepth, k);
        var denseQuery = _dense.EncodeQuery(query);
        var sparse = _sparse.Search(query, depth);
        var dense = _dense.Search(denseQuery, depth);

        var byId = new Dictionary<string, int>(sparse.Count + dense.Count, StringComparer.Ordinal);
        var pool = new List<FusionCandidate>(sparse.Count + dense.Count);
        for (var rank = 0; rank < sparse.Count; rank++)
        {
            byId[sparse[rank].Id] = pool.Count;
            pool.Add(
                new FusionCandidate(sparse[rank].Id, sparse[rank].Score, TensorPrimitives.Dot(denseQuery, _dense.GetDense(sparse[rank].Id).Span), rank + 1, 0));
        }

        for (var rank = 0; rank < dense.Count; rank++)
        {
            if (byId.TryGetValue(dense[rank].Id, out var at))
            {
                pool[at] = pool[at] with { DenseRank = rank + 1 };
            }
            else
            {
                pool.Add(new FusionCandidate(dense[rank].Id, 0, dense[rank].Score, 0, rank + 1));
            }
        }

        var fused = HybridFusion.Fuse(pool, _options with { K = k, CandidateDepth = depth });
        var results = new SearchHit[fused.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new SearchHit(fused[i].Id, (float)fused[i].Score);
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sparse.Dispose();
        _dense.Dispose();
    }

    internal static string MethodName(FusionOptions options) => options.Method switch
    {
        FusionMethod.ReciprocalRank => "rrf",
        FusionMethod.Convex => options.Normalization == ScoreNormalization.MinMax ? $"convex-minmax{options.Alpha:0.##}" : $"convex-z{options.Alpha:0.##}",
        _ => $"alpha{options.Alpha:0.##}",
    };
}
