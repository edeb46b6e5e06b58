using Splade.Core;

namespace Splade.Retrieval.Hybrid;

/// <summary>Pinecone's hybrid query form: sparse weights scaled by <c>1 - alpha</c>, dense values by <c>alpha</c>.</summary>
/// <remarks>
/// One dot product of the scaled query with a document's sparse and dense parts equals
/// <c>(1 - alpha) * sparseDot + alpha * denseDot</c>, which is how <see cref="FusionMethod.Alpha"/> scores candidates.
/// Use this to send one weighted query to a store that scores both parts in a single pass.
/// </remarks>
internal static class AlphaScaling
{
    /// <summary>Returns <paramref name="query"/> with its sparse part scaled by <c>1 - alpha</c> and dense part by <c>alpha</c>.</summary>
    /// <param name="query">The query to scale.</param>
    /// <param name="alpha">The dense weight, in [0, 1].</param>
    public static HybridQuery Scale(HybridQuery query, double alpha)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be in [0, 1] (0 = sparse only, 1 = dense only).");
        }

        var sparseWeight = (float)(1 - alpha);
        var values = new float[query.Sparse.Count];
        System.Numerics.Tensors.TensorPrimitives.Multiply(query.Sparse.Values, sparseWeight, values);
        var sparse = SparseVector.Wrap(query.Sparse.Indices.ToArray(), values, query.Sparse.Dimension);

        var dense = new float[query.Dense.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(query.Dense.Span, (float)alpha, dense);
        return new HybridQuery(sparse, dense);
    }

    /// <summary>The one dot product of a scaled query with a document's sparse and dense parts.</summary>
    /// <param name="scaledQuery">A query returned by <see cref="Scale"/>.</param>
    /// <param name="documentSparse">The document's sparse vector.</param>
    /// <param name="documentDense">The document's dense vector, of the query's dense dimension.</param>
    public static float Score(HybridQuery scaledQuery, SparseVector documentSparse, ReadOnlySpan<float> documentDense)
    {
        ArgumentNullException.ThrowIfNull(scaledQuery);
        ArgumentNullException.ThrowIfNull(documentSparse);
        DenseVectorGuard.RequireDimension(documentDense, scaledQuery.Dense.Length, nameof(documentDense));
        return scaledQuery.Sparse.Dot(documentSparse) + System.Numerics.Tensors.TensorPrimitives.Dot(scaledQuery.Dense.Span, documentDense);
    }
}
