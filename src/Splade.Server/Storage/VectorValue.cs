using Splade.Core;

namespace Splade.Server.Storage;

/// <summary>One named vector of a point, as stored: dense values or a sparse vector, and the text it was encoded from, if any.</summary>
/// <param name="Dense">The dense values, or null for a sparse vector.</param>
/// <param name="Sparse">The sparse vector, or null for a dense one.</param>
internal sealed record VectorValue(float[]? Dense, SparseVector? Sparse)
{
    /// <summary>The text the server encoded this vector from (kept so that explanations can mark a document's expansion terms).</summary>
    public string? SourceText { get; init; }

    public bool IsDense => Dense is not null;

    public static VectorValue FromDense(float[] values) => new(values, null);

    public static VectorValue FromSparse(SparseVector vector) => new(null, vector);
}
