namespace Splade.Index.Approximate;

/// <summary>
/// A binary max-heap over parallel arrays of block scores and block ids, best block on top. A search stops after a few dozen of
/// its thousand or so candidate blocks, so heapifying (linear) and popping those few is far cheaper than sorting them all.
/// </summary>
internal static class BlockQueue
{
    /// <summary>Arranges the first <paramref name="count"/> entries into a heap, largest score at index 0.</summary>
    public static void Build(Span<float> scores, Span<int> blocks, int count)
    {
        for (var parent = (count >> 1) - 1; parent >= 0; parent--)
        {
            SiftDown(scores, blocks, parent, count);
        }
    }

    /// <summary>Removes the top of a heap of <paramref name="count"/> entries; the heap then holds count - 1.</summary>
    public static void RemoveTop(Span<float> scores, Span<int> blocks, int count)
    {
        var last = count - 1;
        scores[0] = scores[last];
        blocks[0] = blocks[last];
        SiftDown(scores, blocks, 0, last);
    }

    private static void SiftDown(Span<float> scores, Span<int> blocks, int position, int count)
    {
        var score = scores[position];
        var block = blocks[position];
        while (true)
        {
            var child = (2 * position) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Outranks(scores[child + 1], blocks[child + 1], scores[child], blocks[child]))
            {
                child++;
            }

            if (!Outranks(scores[child], blocks[child], score, block))
            {
                break;
            }

            scores[position] = scores[child];
            blocks[position] = blocks[child];
            position = child;
        }

        scores[position] = score;
        blocks[position] = block;
    }

    /// <summary>Higher score first; equal scores by lower block id, so the order (and the search) is deterministic.</summary>
    private static bool Outranks(float score, int block, float otherScore, int otherBlock)
        => score > otherScore || (score == otherScore && block < otherBlock);
}
