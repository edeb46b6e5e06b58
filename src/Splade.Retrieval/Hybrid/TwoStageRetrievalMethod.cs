using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Hybrid;

/// <summary>Two-stage retrieval for evaluation: a sparse method's top N reranked by a dense method.</summary>
/// <remarks>
/// The dense side embeds the query and scores only the N first-stage documents (<see cref="TwoStageSearcher.Rerank"/>),
/// so a search returns at most N documents whatever k asks for. The method owns both sides and disposes them.
/// <para>Thread safety: call Index once, from one thread; after it returns, Search may be called from any number of threads at once. Dispose once no call is
/// running.</para>
/// </remarks>
public sealed class TwoStageRetrievalMethod : IRetrievalMethod
{
    private readonly IRetrievalMethod _firstStage;
    private readonly DenseRetrievalMethod _dense;
    private readonly TwoStageOptions _options;

    /// <summary>Creates the method; it takes ownership of both sides.</summary>
    /// <param name="firstStage">The sparse first stage.</param>
    /// <param name="dense">The dense reranker.</param>
    /// <param name="options">N and the rerank rule; <see cref="TwoStageOptions.K"/> is replaced by each search's k (capped at N).</param>
    public TwoStageRetrievalMethod(IRetrievalMethod firstStage, DenseRetrievalMethod dense, TwoStageOptions options)
    {
        ArgumentNullException.ThrowIfNull(firstStage);
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Filter is not null)
        {
            throw new ArgumentException(
                "Evaluation corpora carry no metadata, so a two-stage retrieval method cannot filter; leave TwoStageOptions.Filter null.", nameof(options));
        }

        _firstStage = firstStage;
        _dense = dense;
        _options = options;
    }

    /// <inheritdoc />
    /// <remarks>Such as <c>two-stage100(bm25/english&gt;dense/all-MiniLM-L6-v2)</c>.</remarks>
    public string Name => _options.Fusion is null
        ? $"two-stage{_options.FirstStageDepth}({_firstStage.Name}>{_dense.Name})"
        : $"two-stage{_options.FirstStageDepth}-{HybridRetrievalMethod.MethodName(_options.Fusion)}({_firstStage.Name}>{_dense.Name})";

    /// <inheritdoc />
    public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
    {
        _firstStage.Index(documents, progress);
        _dense.Index(documents, progress);
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(string query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var firstStage = _firstStage.Search(query, _options.FirstStageDepth);
        if (firstStage.Count == 0)
        {
            return [];
        }

        var options = _options with { K = Math.Min(k, _options.FirstStageDepth) };
        var hits = TwoStageSearcher.Rerank(firstStage, _dense.EncodeQuery(query), id => _dense.GetDense(id), options);
        var results = new SearchHit[hits.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new SearchHit(hits[i].Id, (float)hits[i].Score);
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _firstStage.Dispose();
        _dense.Dispose();
    }
}
