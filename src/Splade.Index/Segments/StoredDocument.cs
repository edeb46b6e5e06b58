namespace Splade.Index.Segments;

/// <summary>One document in its stored form (UTF-8 id, metadata JSON and text; vector spans), as copied into a segment.</summary>
internal readonly ref struct StoredDocument
{
    public ReadOnlySpan<byte> IdUtf8 { get; init; }

    public long Sequence { get; init; }

    public ReadOnlySpan<uint> Indices { get; init; }

    public ReadOnlySpan<float> Values { get; init; }

    public bool HasMetadata { get; init; }

    public ReadOnlySpan<byte> MetadataUtf8 { get; init; }

    public bool HasText { get; init; }

    public ReadOnlySpan<byte> TextUtf8 { get; init; }

    public ReadOnlySpan<float> Dense { get; init; }
}
