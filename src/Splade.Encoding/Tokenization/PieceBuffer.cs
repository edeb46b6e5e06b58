namespace Splade.Encoding.Tokenization;

/// <summary>A growable list of token ids and their offsets into the original text.</summary>
internal sealed class PieceBuffer
{
    private int[] _ids;
    private TokenOffset[] _offsets;

    public PieceBuffer(int initialCapacity = 64)
    {
        _ids = new int[Math.Max(initialCapacity, 4)];
        _offsets = new TokenOffset[_ids.Length];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    public ReadOnlySpan<TokenOffset> Offsets => _offsets.AsSpan(0, Count);

    public void Add(int id, TokenOffset offset)
    {
        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _offsets, _ids.Length);
        }

        _ids[Count] = id;
        _offsets[Count] = offset;
        Count++;
    }

    /// <summary>Drops every piece after the first <paramref name="count"/>.</summary>
    public void Truncate(int count) => Count = Math.Min(Count, count);
}
