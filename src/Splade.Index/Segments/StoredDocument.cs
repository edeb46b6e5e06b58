namespace Splade.Index.Segments;

/// <summary>One document in its stored form (UTF-8 id, metadata JSON and text; vector spans), as copied into a segment.</summary>
/// <remarks>
/// A dense vector comes either as float values (<see cref="Dense"/>: a new document, or a float32 segment's row) or as an int8
/// segment's codes and scale (<see cref="DenseCodes"/>, <see cref="DenseScale"/>), which a merge copies as they are so that a
/// document is quantised once, when it first enters a segment.
/// </remarks>
internal readonly ref struct StoredDocument
{
    public ReadOnlySpan<byte> IdUtf8 { get; init; }

    public long Sequence { get; init; }

    /// <summary>The term indices, unless the document comes from a segment that stores them as u16 (<see cref="NarrowIndices"/>).</summary>
    public ReadOnlySpan<uint> Indices { get; init; }

    /// <summary>The term indices of a document copied from a segment with <see cref="Segment.NarrowTerms"/>; empty otherwise.</summary>
    public ReadOnlySpan<ushort> NarrowIndices { get; init; }

    public ReadOnlySpan<float> Values { get; init; }

    public bool HasMetadata { get; init; }

    public ReadOnlySpan<byte> MetadataUtf8 { get; init; }

    public bool HasText { get; init; }

    public ReadOnlySpan<byte> TextUtf8 { get; init; }

    public ReadOnlySpan<float> Dense { get; init; }

    public ReadOnlySpan<sbyte> DenseCodes { get; init; }

    public float DenseScale { get; init; }
}
