using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>
/// The forward index turned into full posting lists (term to documents and weights), validated on the way: the first step of a build.
/// </summary>
internal sealed class PostingInversion
{
    private PostingInversion(int[] starts, int[] documents, float[] weights)
    {
        Starts = starts;
        Documents = documents;
        Weights = weights;
    }

    /// <summary>Per term, the first of its postings; one extra closing entry.</summary>
    public int[] Starts { get; }

    /// <summary>Posting ordinals, term after term, ascending within a term.</summary>
    public int[] Documents { get; }

    /// <summary>Posting weights, parallel to <see cref="Documents"/>.</summary>
    public float[] Weights { get; }

    public static PostingInversion Invert(Segment forward, CancellationToken cancellationToken)
    {
        var dimension = (int)forward.Dimension;
        var starts = new int[dimension + 1];
        long total = 0;
        for (var ordinal = 0; ordinal < forward.DocumentCount; ordinal++)
        {
            if ((ordinal & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var indices = forward.NarrowIndices(ordinal);
            ValidateDocument(ordinal, indices, forward.GetForwardValues(ordinal), forward.Dimension, nameof(forward));
            foreach (var term in indices)
            {
                starts[term + 1]++;
            }

            total += indices.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new NotSupportedException(
                $"The forward index holds {total} postings; one approximate index supports at most {Array.MaxLength}. Split the " +
                "collection into smaller segments.");
        }

        for (var term = 0; term < dimension; term++)
        {
            starts[term + 1] += starts[term];
        }

        var documents = new int[total];
        var weights = new float[total];
        var next = starts.AsSpan(0, dimension).ToArray();
        for (var ordinal = 0; ordinal < forward.DocumentCount; ordinal++)
        {
            var indices = forward.NarrowIndices(ordinal);
            var values = forward.GetForwardValues(ordinal);
            for (var i = 0; i < indices.Length; i++)
            {
                var slot = next[indices[i]]++;
                documents[slot] = ordinal;
                weights[slot] = values[i];
            }
        }

        return new PostingInversion(starts, documents, weights);
    }

    private static void ValidateDocument(int ordinal, ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values, uint dimension, string paramName)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"Document {ordinal} has {indices.Length} term indices but {values.Length} weights.", paramName);
        }

        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] >= dimension || (i > 0 && indices[i] <= indices[i - 1]))
            {
                throw new ArgumentException(
                    $"Document {ordinal}, entry {i}: term index {indices[i]} is out of order or beyond the dimension {dimension}; indices must be strictly " +
                    "increasing and below the dimension.",
                    paramName);
            }

            if (!(values[i] >= 0f) || !float.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"Document {ordinal}, entry {i} (term {indices[i]}): weight {values[i]} is not a finite non-negative number; the approximate " +
                    "index needs non-negative weights.",
                    paramName);
            }
        }
    }
}
