using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index.Filters;

namespace Splade.Index;

/// <summary>A document stored in a <see cref="SparseIndex"/>: an id, a sparse vector and optional metadata, text and dense vector.</summary>
/// <param name="Id">The caller's identifier; at most <see cref="MaxIdBytes"/> bytes of UTF-8, unique within an index.</param>
/// <param name="Vector">The document's sparse representation, matched against queries by dot product.</param>
/// <remarks>
/// Thread safety: immutable, except the JSON object it carries: System.Text.Json nodes are not thread-safe (not even to read, they are built lazily), so give
/// each thread its own copy (DeepClone) when several read it.
/// </remarks>
public sealed record IndexDocument(string Id, SparseVector Vector)
{
    /// <summary>The largest id accepted, in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 512;

    /// <summary>An optional JSON object that filters (<see cref="MetadataFilter"/>) can match and that search hits return.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>An optional text (for example the passage the vector was encoded from) returned with search hits.</summary>
    public string? Text { get; init; }

    /// <summary>An optional dense embedding searched by <see cref="SparseIndex.SearchDense"/>; every dense vector of an index shares one dimension.</summary>
    /// <remarks>A document read back from an index with <see cref="DensePrecision.Int8"/> storage carries the decoded vector (scale × code).</remarks>
    public float[]? Dense { get; init; }
}
