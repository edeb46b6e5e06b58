using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>Each document's few heaviest terms: the cheap representation the clustering compares documents and centroids by.</summary>
internal sealed class DocumentSketches
{
    private readonly ushort[] _terms;
    private readonly float[] _weights;
    private readonly byte[] _counts;

    private DocumentSketches(int width, ushort[] terms, float[] weights, byte[] counts)
    {
        Width = width;
        _terms = terms;
        _weights = weights;
        _counts = counts;
    }

    public int Width { get; }

    public ReadOnlySpan<ushort> Terms(int ordinal) => _terms.AsSpan(ordinal * Width, _counts[ordinal]);

    public ReadOnlySpan<float> Weights(int ordinal) => _weights.AsSpan(ordinal * Width, _counts[ordinal]);

    public static DocumentSketches Create(Segment forward, int width)
    {
        width = Math.Min(width, byte.MaxValue);
        var count = forward.DocumentCount;
        var terms = new ushort[(long)count * width];
        var weights = new float[(long)count * width];
        var counts = new byte[count];
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            var kept = KeepHeaviest(
                forward.NarrowIndices(ordinal),
                forward.GetForwardValues(ordinal),
                terms.AsSpan(ordinal * width, width),
                weights.AsSpan(ordinal * width, width));
            counts[ordinal] = (byte)kept;
        }

        return new DocumentSketches(width, terms, weights, counts);
    }

    private static int KeepHeaviest(ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values, Span<ushort> terms, Span<float> weights)
    {
        var count = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            var weight = values[i];
            if (weight <= 0f || (count == terms.Length && weight <= weights[count - 1]))
            {
                continue;
            }

            var position = count == terms.Length ? count - 1 : count++;
            while (position > 0 && weights[position - 1] < weight)
            {
                terms[position] = terms[position - 1];
                weights[position] = weights[position - 1];
                position--;
            }

            terms[position] = indices[i];
            weights[position] = weight;
        }

        return count;
    }
}
