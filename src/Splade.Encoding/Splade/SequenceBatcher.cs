namespace Splade.Encoding.Splade;

/// <summary>Orders sequences by length and cuts them into batches that respect a batch size and a logits-buffer budget.</summary>
/// <remarks>
/// Sorting by length (longest first) keeps padding small: each batch is padded only to its own longest sequence. A batch whose
/// <c>rows x length x width</c> floats would exceed the budget is split into smaller batches, down to one sequence.
/// </remarks>
internal static class SequenceBatcher
{
    /// <summary>The sequence positions sorted by decreasing length (stable: equal lengths keep input order).</summary>
    public static int[] OrderByLengthDescending(IReadOnlyList<int[]> sequences)
    {
        var order = new int[sequences.Count];
        var keys = new long[sequences.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = ((long)-sequences[i].Length << 32) | (uint)i;
        }

        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Cuts the sorted sequences into batches.</summary>
    /// <param name="sortedLengths">Sequence lengths in sorted (decreasing) order.</param>
    /// <param name="batchSize">The most sequences per batch.</param>
    /// <param name="floatsPerPosition">Output floats per token position (the vocabulary for per-token output, 0 when the output is pooled).</param>
    /// <param name="maxBufferFloats">The largest output buffer allowed, in floats.</param>
    public static List<SequenceBatch> Plan(ReadOnlySpan<int> sortedLengths, int batchSize, long floatsPerPosition, long maxBufferFloats)
    {
        var batches = new List<SequenceBatch>();
        var start = 0;
        while (start < sortedLengths.Length)
        {
            var length = Math.Max(1, sortedLengths[start]);
            var rowsByBudget = floatsPerPosition == 0 ? batchSize : (int)Math.Clamp(maxBufferFloats / (length * floatsPerPosition), 1, batchSize);
            var count = Math.Min(rowsByBudget, sortedLengths.Length - start);
            batches.Add(new SequenceBatch(start, count, length));
            start += count;
        }

        return batches;
    }
}
