using System.Runtime.InteropServices;
using Splade.Index.Quantization;

namespace Splade.Index.Segments;

/// <summary>A segment's dense vectors (its Dense file): the row of each document, and the rows as float32 values or as int8 codes
/// with a scale each. Spans over the file's bytes, like every part of a <see cref="Segment"/>.</summary>
internal sealed class SegmentDense
{
    private readonly ReadOnlyMemory<byte> _rows, _scales, _values;

    /// <summary>Serves <paramref name="part"/>, checked by <see cref="SegmentShapes"/>.</summary>
    public SegmentDense(DensePart part)
    {
        Dimension = part.Dimension;
        Precision = part.Precision;
        (_rows, _scales, _values) = (part.Rows, part.Scales, part.Values);
    }

    /// <summary>The vectors' dimension; 0 when the segment has none.</summary>
    public int Dimension { get; }

    /// <summary>How the vectors are stored: float32 values, or a scale and int8 codes per vector.</summary>
    public DensePrecision Precision { get; }

    /// <summary>The dense row of each document (vector <c>r</c> is values or codes <c>[r × D, (r + 1) × D)</c>), or -1 for none.</summary>
    public ReadOnlySpan<int> Rows => MemoryMarshal.Cast<byte, int>(_rows.Span);

    /// <summary>The float32 rows, row-major; empty in an int8 segment.</summary>
    public ReadOnlySpan<float> Values => Precision == DensePrecision.Float32 ? MemoryMarshal.Cast<byte, float>(_values.Span) : default;

    /// <summary>The int8 rows, row-major; empty in a float32 segment.</summary>
    public ReadOnlySpan<sbyte> Codes => Precision == DensePrecision.Int8 ? MemoryMarshal.Cast<byte, sbyte>(_values.Span) : default;

    /// <summary>The scale of each int8 row; empty in a float32 segment.</summary>
    public ReadOnlySpan<float> Scales => MemoryMarshal.Cast<byte, float>(_scales.Span);

    /// <summary>A copy of the document's vector, decoded (scale × code) in an int8 segment, or null when it has none.</summary>
    public float[]? Read(int ordinal)
    {
        var row = Rows[ordinal];
        if (row < 0)
        {
            return null;
        }

        var dense = new float[Dimension];
        if (Precision == DensePrecision.Float32)
        {
            Values.Slice(row * Dimension, Dimension).CopyTo(dense);
        }
        else
        {
            DenseInt8.Decode(Codes.Slice(row * Dimension, Dimension), Scales[row], dense);
        }

        return dense;
    }
}
