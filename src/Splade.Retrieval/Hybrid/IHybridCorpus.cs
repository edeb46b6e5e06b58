using Splade.Core;

namespace Splade.Retrieval.Hybrid;

/// <summary>The document side of a hybrid search: a sparse and a dense retriever over the same documents.</summary>
/// <remarks>
/// Hybrid and two-stage search need each side's ranked list and, for the documents only one side retrieved, the other
/// side's exact score, so that every fused candidate is scored on both sides. <see cref="InMemoryHybridCorpus"/> is the
/// exhaustive in-memory implementation; an index adapts to this interface to serve hybrid search.
/// </remarks>
public interface IHybridCorpus
{
    /// <summary>The dimension every dense query must have.</summary>
    int DenseDimension { get; }

    /// <summary>The top <paramref name="k"/> documents by sparse dot product, best first.</summary>
    /// <param name="query">The sparse query.</param>
    /// <param name="k">How many documents to return at most.</param>
    IReadOnlyList<RankedDocument> SearchSparse(SparseVector query, int k);

    /// <summary>The top <paramref name="k"/> documents by dense inner product, best first.</summary>
    /// <param name="query">The dense query, of <see cref="DenseDimension"/> values.</param>
    /// <param name="k">How many documents to return at most.</param>
    IReadOnlyList<RankedDocument> SearchDense(ReadOnlySpan<float> query, int k);

    /// <summary>The sparse vector stored for document <paramref name="id"/>.</summary>
    /// <param name="id">The document id.</param>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    SparseVector GetSparse(string id);

    /// <summary>The dense vector stored for document <paramref name="id"/>.</summary>
    /// <param name="id">The document id.</param>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    ReadOnlyMemory<float> GetDense(string id);
}
