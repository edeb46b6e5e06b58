namespace Splade.Encoding.Splade;

/// <summary>Cuts a long run of word pieces into overlapping windows.</summary>
internal static class SlidingWindows
{
    /// <summary>
    /// Windows of at most <paramref name="windowLength"/> pieces starting every <paramref name="stride"/> pieces, the last one reaching the end.
    /// </summary>
    /// <param name="pieces">All pieces of the text.</param>
    /// <param name="windowLength">Pieces per window (the model length minus the framing tokens).</param>
    /// <param name="stride">How far each window starts after the previous one; null for half a window.</param>
    /// <param name="maxWindows">The most windows; pieces beyond the last window are dropped.</param>
    /// <returns>At least one window (an empty one for an empty text).</returns>
    public static List<ReadOnlyMemory<int>> Split(int[] pieces, int windowLength, int? stride, int maxWindows)
    {
        var step = Math.Min(stride ?? Math.Max(1, windowLength / 2), windowLength);
        var windows = new List<ReadOnlyMemory<int>>();
        for (var start = 0; windows.Count < maxWindows; start += step)
        {
            var length = Math.Min(windowLength, pieces.Length - start);
            windows.Add(pieces.AsMemory(start, length));
            if (start + length >= pieces.Length)
            {
                break;
            }
        }

        return windows;
    }
}
