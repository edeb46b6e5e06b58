using Splade.Core;
using Splade.Index;

namespace Splade.Retrieval.Hybrid;

/// <summary>Serves hybrid and two-stage search from a <see cref="SparseIndex"/> whose documents carry dense vectors.</summary>
/// <remarks>
/// Sparse and dense top-k come from the index's own searches (<see cref="SparseIndex.Search"/> and
/// <see cref="SparseIndex.SearchDense"/>); a candidate's missing side is read from the stored document. The index stays
/// owned by the caller. This is the library call behind a hybrid <c>splade search</c>:
/// <c>new HybridSearcher(new SparseIndexHybridCorpus(index)).Search(new HybridQuery(sparse, dense), options)</c>.
/// </remarks>
public sealed class SparseIndexHybridCorpus : IHybridCorpus
{
    private readonly SparseIndex _index;

    /// <summary>Wraps <paramref name="index"/>.</summary>
    /// <param name="index">An index whose documents have dense vectors.</param>
    /// <exception cref="ArgumentException">No document of the index has a dense vector.</exception>
    public SparseIndexHybridCorpus(SparseIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.DenseDimension == 0)
        {
            throw new ArgumentException(
                "The index holds no dense vectors; index documents with dense embeddings (IndexDocument.Dense) for hybrid search.", nameof(index));
        }

        _index = index;
    }

    /// <inheritdoc />
    public int DenseDimension => _index.DenseDimension;

    /// <inheritdoc />
    /// <remarks>A query without terms matches nothing, so the hybrid result comes from the dense side alone.</remarks>
    public IReadOnlyList<RankedDocument> SearchSparse(SparseVector query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Count == 0 ? [] : ToRanked(_index.Search(query, new SearchOptions { K = k }).Hits);
    }

    /// <inheritdoc />
    public IReadOnlyList<RankedDocument> SearchDense(ReadOnlySpan<float> query, int k) => ToRanked(_index.SearchDense(query, new SearchOptions { K = k }).Hits);

    /// <inheritdoc />
    public SparseVector GetSparse(string id) => Get(id).Vector;

    /// <inheritdoc />
    /// <remarks>
    /// On an index with <see cref="DensePrecision.Int8"/> storage this is the decoded vector (scale × code), so a dense score computed
    /// from it matches <see cref="SparseIndex.SearchDense"/>'s score up to float rounding, not the float32 vector first indexed.
    /// </remarks>
    public ReadOnlyMemory<float> GetDense(string id) =>
        Get(id).Dense ?? throw new KeyNotFoundException($"Document '{id}' has no dense vector.");

    private IndexDocument Get(string id) => _index.Get(id) ?? throw new KeyNotFoundException($"No document with id '{id}' in the index.");

    private static RankedDocument[] ToRanked(IReadOnlyList<SearchHit> hits)
    {
        var ranked = new RankedDocument[hits.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            ranked[i] = new RankedDocument(hits[i].Id, hits[i].Score);
        }

        return ranked;
    }
}
