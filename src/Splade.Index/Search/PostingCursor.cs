namespace Splade.Index.Search;

/// <summary>A position in one term's posting list (absolute positions into the segment's posting arrays), with the term's query weight and score bound.</summary>
internal struct PostingCursor(int start, int end, float queryWeight, float bound)
{
    private int _position = start;

    public readonly float QueryWeight => queryWeight;

    /// <summary>An upper bound (never negative) on this term's contribution to any document's score.</summary>
    public readonly float Bound => bound;

    /// <summary>The current document, or <see cref="int.MaxValue"/> once exhausted.</summary>
    public readonly int Doc(ReadOnlySpan<int> docs) => _position < end ? docs[_position] : int.MaxValue;

    public readonly float Weight(ReadOnlySpan<float> weights) => weights[_position];

    public void Advance() => _position++;

    /// <summary>Moves to the first posting at or after <paramref name="target"/> (galloping, then binary search); true when it is exactly <paramref name="target"/>.</summary>
    public bool SeekTo(ReadOnlySpan<int> docs, int target)
    {
        if (_position >= end || docs[_position] >= target)
        {
            return _position < end && docs[_position] == target;
        }

        var step = 1;
        var low = _position;
        var high = _position + 1;
        while (high < end && docs[high] < target)
        {
            low = high;
            step <<= 1;
            high = Math.Min(end, low + step);
        }

        var found = docs[(low + 1)..Math.Min(high + 1, end)].BinarySearch(target);
        _position = low + 1 + (found >= 0 ? found : ~found);
        return found >= 0;
    }
}
