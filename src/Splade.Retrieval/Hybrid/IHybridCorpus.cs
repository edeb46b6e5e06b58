using Splade.Core;
using Splade.Index;
using Splade.Index.Filters;

namespace Splade.Retrieval.Hybrid;

/// <summary>The document side of a hybrid search: a sparse and a dense retriever over the same documents.</summary>
/// <remarks>
/// Hybrid and two-stage search need each side's ranked list and, for the documents only one side retrieved, the other
/// side's exact score, so that every fused candidate is scored on both sides. Hits are the index's <see cref="SearchHit"/>,
/// with the documents' metadata and text where the corpus stores them. Not every document needs a dense vector: one without
/// has no dense score (<see cref="GetDense"/> returns null) and the dense side never retrieves it. An index adapts to this
/// interface with <see cref="SparseIndexHybridCorpus"/>.
/// <para>Thread safety: implementations used by concurrent hybrid or two-stage searches must allow concurrent calls of every member (SparseIndexHybridCorpus
/// does).</para>
/// </remarks>
public interface IHybridCorpus
{
    /// <summary>The dimension every dense query must have.</summary>
    int DenseDimension { get; }

    /// <summary>The top <paramref name="k"/> documents by sparse dot product that pass <paramref name="filter"/>, best first.</summary>
    /// <param name="query">The sparse query.</param>
    /// <param name="k">How many documents to return at most.</param>
    /// <param name="filter">Only documents whose metadata it accepts; null for all.</param>
    /// <exception cref="ArgumentException">A filter was given to a corpus that cannot filter.</exception>
    IReadOnlyList<SearchHit> SearchSparse(SparseVector query, int k, MetadataFilter? filter);

    /// <summary>The top <paramref name="k"/> documents by dense inner product that pass <paramref name="filter"/>, best first.</summary>
    /// <param name="query">The dense query, of <see cref="DenseDimension"/> values.</param>
    /// <param name="k">How many documents to return at most.</param>
    /// <param name="filter">Only documents whose metadata it accepts; null for all.</param>
    /// <exception cref="ArgumentException">A filter was given to a corpus that cannot filter.</exception>
    IReadOnlyList<SearchHit> SearchDense(ReadOnlySpan<float> query, int k, MetadataFilter? filter);

    /// <summary>The sparse vector stored for document <paramref name="id"/>.</summary>
    /// <param name="id">The document id.</param>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    SparseVector GetSparse(string id);

    /// <summary>The dense vector stored for document <paramref name="id"/>, or null when that document has none.</summary>
    /// <param name="id">The document id.</param>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    ReadOnlyMemory<float>? GetDense(string id);
}
