using Splade.Core;
using Splade.Index;
using Splade.Index.Filters;

namespace Splade.Retrieval.Hybrid;

/// <summary>Serves hybrid and two-stage search from a <see cref="SparseIndex"/> whose documents carry dense vectors.</summary>
/// <remarks>
/// <para>Sparse and dense top-k come from the index's own searches (<see cref="SparseIndex.Search"/> with the algorithm given here,
/// and <see cref="SparseIndex.SearchDense"/>), filters included, and their hits carry the documents' metadata and text; a
/// candidate's missing side is read from the stored document. Documents without a dense vector are fine: the dense side never
/// retrieves them and <see cref="GetDense"/> returns null for them. The index stays owned by the caller. This is the library call
/// behind a hybrid <c>splade search</c>:
/// <c>new HybridSearcher(new SparseIndexHybridCorpus(index)).Search(new HybridQuery(sparse, dense), options)</c>.</para>
/// <para>Thread safety: every member may be called from any thread at the same time, as the index's reads may.</para>
/// </remarks>
public sealed class SparseIndexHybridCorpus : IHybridCorpus
{
    private readonly SparseIndex _index;
    private readonly SearchAlgorithm _sparseAlgorithm;

    /// <summary>Wraps <paramref name="index"/>.</summary>
    /// <param name="index">An index where at least one document has a dense vector.</param>
    /// <param name="sparseAlgorithm">The algorithm of the sparse side's searches (for example an exact one on an approximate index).</param>
    /// <exception cref="ArgumentException">No document of the index has a dense vector.</exception>
    public SparseIndexHybridCorpus(SparseIndex index, SearchAlgorithm sparseAlgorithm = SearchAlgorithm.Auto)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.DenseDimension == 0)
        {
            throw new ArgumentException(
                "The index holds no dense vectors; index documents with dense embeddings (IndexDocument.Dense) for hybrid search.", nameof(index));
        }

        _index = index;
        _sparseAlgorithm = sparseAlgorithm;
    }

    /// <inheritdoc />
    public int DenseDimension => _index.DenseDimension;

    /// <inheritdoc />
    /// <remarks>A query without terms matches nothing, so the hybrid result comes from the dense side alone.</remarks>
    public IReadOnlyList<SearchHit> SearchSparse(SparseVector query, int k, MetadataFilter? filter)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Count == 0 ? [] : _index.Search(query, new SearchOptions { K = k, Filter = filter, Algorithm = _sparseAlgorithm }).Hits;
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> SearchDense(ReadOnlySpan<float> query, int k, MetadataFilter? filter) =>
        _index.SearchDense(query, new SearchOptions { K = k, Filter = filter }).Hits;

    /// <inheritdoc />
    public SparseVector GetSparse(string id) => Get(id).Vector;

    /// <inheritdoc />
    /// <remarks>
    /// On an index with <see cref="DensePrecision.Int8"/> storage this is the decoded vector (scale × code), so a dense score computed
    /// from it matches <see cref="SparseIndex.SearchDense"/>'s score up to float rounding, not the float32 vector first indexed.
    /// </remarks>
    public ReadOnlyMemory<float>? GetDense(string id)
    {
        // Not a conditional expression: its null would become an empty vector through the array-to-memory conversion.
        if (Get(id).Dense is { } dense)
        {
            return dense;
        }

        return null;
    }

    private IndexDocument Get(string id) => _index.Get(id) ?? throw new KeyNotFoundException($"No document with id '{id}' in the index.");
}
