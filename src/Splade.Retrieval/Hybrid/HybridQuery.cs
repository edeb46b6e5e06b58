using Splade.Core;

namespace Splade.Retrieval.Hybrid;

/// <summary>A query with a sparse part and a dense part, as a hybrid search takes it.</summary>
/// <param name="Sparse">The sparse query vector (SPLADE weights, or BM25 query term counts).</param>
/// <param name="Dense">The dense query embedding.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record HybridQuery(SparseVector Sparse, ReadOnlyMemory<float> Dense);
