using Splade.Core;

namespace Splade.Index.Segments;

/// <summary>Reads a stored document back out of a segment as a public <see cref="IndexDocument"/>.</summary>
internal static class DocumentReader
{
    /// <remarks>An int8 segment returns the decoded dense vector (scale × code), not the float32 vector first written.</remarks>
    public static IndexDocument Read(Segment segment, int ordinal)
    {
        return new IndexDocument(segment.Documents.GetId(ordinal), ReadVector(segment, ordinal))
        {
            Metadata = segment.Documents.GetMetadata(ordinal),
            Text = segment.Documents.GetText(ordinal),
            Dense = segment.Dense.Read(ordinal),
        };
    }

    /// <summary>The stored form of a document, for copying it into a merged segment; int8 codes and scale are copied as they are.</summary>
    public static StoredDocument Stored(Segment segment, int ordinal)
    {
        ReadOnlySpan<uint> indices = default;
        ReadOnlySpan<ushort> narrow = default;
        ReadOnlySpan<float> values;
        if (segment.NarrowTerms)
        {
            segment.GetForward(ordinal, out narrow, out values);
        }
        else
        {
            segment.GetForward(ordinal, out indices, out values);
        }

        var row = segment.Dense.Rows[ordinal];
        var dimension = segment.Dense.Dimension;
        var int8 = row >= 0 && segment.Dense.Precision == DensePrecision.Int8;
        var float32 = row >= 0 && segment.Dense.Precision == DensePrecision.Float32;
        return new StoredDocument
        {
            IdUtf8 = segment.Documents.GetIdUtf8(ordinal),
            Sequence = segment.Sequences[ordinal],
            Indices = indices,
            NarrowIndices = narrow,
            Values = values,
            HasMetadata = segment.Documents.HasMetadata(ordinal),
            MetadataUtf8 = segment.Documents.GetMetadataUtf8(ordinal),
            HasText = segment.Documents.HasText(ordinal),
            TextUtf8 = segment.Documents.GetTextUtf8(ordinal),
            Dense = float32 ? segment.Dense.Values.Slice(row * dimension, dimension) : default,
            DenseCodes = int8 ? segment.Dense.Codes.Slice(row * dimension, dimension) : default,
            DenseScale = int8 ? segment.Dense.Scales[row] : 0f,
        };
    }

    /// <summary>A copy of the document's sparse vector, its term indices widened to u32 when the segment stores them as u16.</summary>
    public static SparseVector ReadVector(Segment segment, int ordinal)
    {
        if (!segment.NarrowTerms)
        {
            segment.GetForward(ordinal, out ReadOnlySpan<uint> wide, out var wideValues);
            return SparseVector.Wrap(wide.ToArray(), wideValues.ToArray());
        }

        segment.GetForward(ordinal, out ReadOnlySpan<ushort> narrow, out var values);
        var indices = new uint[narrow.Length];
        for (var i = 0; i < narrow.Length; i++)
        {
            indices[i] = narrow[i];
        }

        return SparseVector.Wrap(indices, values.ToArray());
    }
}
