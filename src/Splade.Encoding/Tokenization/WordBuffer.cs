using System.Buffers;

namespace Splade.Encoding.Tokenization;

/// <summary>
/// The normalized characters of the word being built, each with the span of the original text it came from.
/// Buffers are pooled; <see cref="Dispose"/> returns them.
/// </summary>
internal sealed class WordBuffer : IDisposable
{
    private char[] _chars;
    private int[] _originStarts;
    private int[] _originEnds;

    public WordBuffer()
    {
        _chars = ArrayPool<char>.Shared.Rent(128);
        _originStarts = ArrayPool<int>.Shared.Rent(128);
        _originEnds = ArrayPool<int>.Shared.Rent(128);
    }

    /// <summary>Number of UTF-16 code units.</summary>
    public int Length { get; private set; }

    /// <summary>Number of Unicode scalar values.</summary>
    public int ScalarCount { get; private set; }

    public ReadOnlySpan<char> Chars => _chars.AsSpan(0, Length);

    /// <summary>The original-text span covering normalized code units <c>[start, end)</c>.</summary>
    public TokenOffset OriginOf(int start, int end) => new(_originStarts[start], _originEnds[end - 1]);

    /// <summary>Appends one scalar value (one or two code units) that came from <c>[originStart, originEnd)</c>.</summary>
    public void Append(ReadOnlySpan<char> scalar, int originStart, int originEnd)
    {
        if (Length + scalar.Length > _chars.Length)
        {
            Grow(Length + scalar.Length);
        }

        for (var i = 0; i < scalar.Length; i++)
        {
            _chars[Length] = scalar[i];
            _originStarts[Length] = originStart;
            _originEnds[Length] = originEnd;
            Length++;
        }

        ScalarCount++;
    }

    public void Clear()
    {
        Length = 0;
        ScalarCount = 0;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<int>.Shared.Return(_originStarts);
        ArrayPool<int>.Shared.Return(_originEnds);
        _chars = [];
        _originStarts = _originEnds = [];
    }

    private void Grow(int needed)
    {
        var size = Math.Max(needed, _chars.Length * 2);
        _chars = Replace(_chars, size, Length);
        _originStarts = Replace(_originStarts, size, Length);
        _originEnds = Replace(_originEnds, size, Length);
    }

    private static T[] Replace<T>(T[] old, int size, int keep)
    {
        var bigger = ArrayPool<T>.Shared.Rent(size);
        old.AsSpan(0, keep).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(old);
        return bigger;
    }
}
