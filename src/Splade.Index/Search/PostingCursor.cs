using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>A position in one posting list (a term's tier, <see cref="PostingsFileBuilder"/>), stored chunk by chunk: the current
/// posting's full ordinal is its chunk's first ordinal plus its 16-bit low part.</summary>
/// <remarks>Positions are absolute into the segment's posting arrays; the list's chunk boundaries are read from the chunk starts,
/// entries [first, first + chunks] of which belong to the list.</remarks>
internal struct PostingCursor
{
    private readonly int _firstStart;
    private readonly int _end;
    private int _chunk;
    private int _position;
    private int _chunkEnd;

    public PostingCursor(ReadOnlySpan<long> chunkStarts, int list, int chunks, int tableOffset, float bound)
    {
        _firstStart = list * chunks;
        _end = (int)chunkStarts[_firstStart + chunks];
        _position = (int)chunkStarts[_firstStart];
        _chunk = 0;
        _chunkEnd = (int)chunkStarts[_firstStart + 1];
        TableOffset = tableOffset;
        Bound = bound;
        SkipEmptyChunks(chunkStarts);
    }

    /// <summary>Where this term's 256-entry score table starts in the shared table array.</summary>
    public readonly int TableOffset { get; }

    /// <summary>An upper bound (never negative) on this list's table entries.</summary>
    public readonly float Bound { get; }

    /// <summary>The current document, or <see cref="int.MaxValue"/> once exhausted.</summary>
    public readonly int Doc(ReadOnlySpan<ushort> lows)
        => _position < _end ? (_chunk << PostingsFileBuilder.ChunkBits) + lows[_position] : int.MaxValue;

    /// <summary>The current posting's approximate contribution: its entry in the term's score table.</summary>
    public readonly float Contribution(ReadOnlySpan<byte> codes, ReadOnlySpan<float> tables) => tables[TableOffset + codes[_position]];

    public void Advance(ReadOnlySpan<long> chunkStarts)
    {
        _position++;
        SkipEmptyChunks(chunkStarts);
    }

    /// <summary>Moves to the first posting at or after <paramref name="target"/> (galloping, then binary search within the chunk);
    /// true when it is exactly <paramref name="target"/>.</summary>
    public bool SeekTo(ReadOnlySpan<long> chunkStarts, ReadOnlySpan<ushort> lows, int target)
    {
        var current = Doc(lows);
        if (current >= target)
        {
            return current == target;
        }

        var targetChunk = target >> PostingsFileBuilder.ChunkBits;
        if (targetChunk > _chunk)
        {
            _chunk = targetChunk;
            _position = (int)chunkStarts[_firstStart + targetChunk];
            _chunkEnd = (int)chunkStarts[_firstStart + targetChunk + 1];
            SkipEmptyChunks(chunkStarts);
            current = Doc(lows);
            if (current >= target)
            {
                return current == target;
            }
        }

        var targetLow = (ushort)(target & (PostingsFileBuilder.ChunkSize - 1));
        var step = 1;
        var low = _position;
        var high = _position + 1;
        while (high < _chunkEnd && lows[high] < targetLow)
        {
            low = high;
            step <<= 1;
            high = Math.Min(_chunkEnd, low + step);
        }

        var found = lows[(low + 1)..Math.Min(high + 1, _chunkEnd)].BinarySearch(targetLow);
        _position = low + 1 + (found >= 0 ? found : ~found);
        SkipEmptyChunks(chunkStarts);
        return found >= 0;
    }

    /// <summary>Moves past the ends of chunks, so that an unexhausted cursor always points into its current chunk.</summary>
    private void SkipEmptyChunks(ReadOnlySpan<long> chunkStarts)
    {
        while (_position >= _chunkEnd && _position < _end)
        {
            _chunk++;
            _chunkEnd = (int)chunkStarts[_firstStart + _chunk + 1];
        }
    }
}
