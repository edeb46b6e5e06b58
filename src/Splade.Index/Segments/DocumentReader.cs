using Splade.Core;

namespace Splade.Index.Segments;

/// <summary>Reads a stored document back out of a segment as a public <see cref="IndexDocument"/>.</summary>
internal static class DocumentReader
{
    public static IndexDocument Read(Segment segment, int ordinal)
    {
        segment.GetForward(ordinal, out var indices, out var values);
        var dense = segment.GetDense(ordinal);
        return new IndexDocument(segment.GetId(ordinal), SparseVector.Wrap(indices.ToArray(), values.ToArray()))
        {
            Metadata = segment.GetMetadata(ordinal),
            Text = segment.GetText(ordinal),
            Dense = dense.IsEmpty ? null : dense.ToArray(),
        };
    }

    /// <summary>The stored form of a document, for copying it into a merged segment.</summary>
    public static StoredDocument Stored(Segment segment, int ordinal)
    {
        segment.GetForward(ordinal, out var indices, out var values);
        return new StoredDocument
        {
            IdUtf8 = segment.GetIdUtf8(ordinal),
            Sequence = segment.Sequences[ordinal],
            Indices = indices,
            Values = values,
            HasMetadata = segment.HasMetadata(ordinal),
            MetadataUtf8 = segment.GetMetadataUtf8(ordinal),
            HasText = segment.HasText(ordinal),
            TextUtf8 = segment.GetTextUtf8(ordinal),
            Dense = segment.GetDense(ordinal),
        };
    }
}
