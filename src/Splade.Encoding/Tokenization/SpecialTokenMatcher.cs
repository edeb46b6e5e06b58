using System.Buffers;

namespace Splade.Encoding.Tokenization;

/// <summary>
/// Finds special tokens (such as <c>[CLS]</c> or <c>[MASK]</c>) written literally in raw text, before normalization,
/// leftmost first and longest first at a position, as the reference tokenizer's added-vocabulary pass does.
/// </summary>
internal sealed class SpecialTokenMatcher
{
    private readonly (string Text, int Id)[] _tokensLongestFirst;
    private readonly SearchValues<char> _firstChars;

    public SpecialTokenMatcher(IEnumerable<(string Text, int Id)> tokens)
    {
        var list = new List<(string Text, int Id)>();
        foreach (var token in tokens)
        {
            if (token.Text.Length > 0)
            {
                list.Add(token);
            }
        }

        list.Sort(static (a, b) => b.Text.Length != a.Text.Length ? b.Text.Length.CompareTo(a.Text.Length) : string.CompareOrdinal(a.Text, b.Text));
        _tokensLongestFirst = [.. list];
        var firstChars = new HashSet<char>();
        foreach (var (text, _) in list)
        {
            firstChars.Add(text[0]);
        }

        _firstChars = SearchValues.Create([.. firstChars]);
    }

    /// <summary>Finds the first special token at or after <paramref name="from"/>.</summary>
    /// <returns>Whether one was found; <paramref name="index"/>, <paramref name="length"/> and <paramref name="id"/> describe it.</returns>
    public bool TryFindNext(ReadOnlySpan<char> text, int from, out int index, out int length, out int id)
    {
        var position = from;
        while (position < text.Length)
        {
            var skip = text[position..].IndexOfAny(_firstChars);
            if (skip < 0)
            {
                break;
            }

            position += skip;
            var rest = text[position..];
            foreach (var (token, tokenId) in _tokensLongestFirst)
            {
                if (rest.StartsWith(token, StringComparison.Ordinal))
                {
                    index = position;
                    length = token.Length;
                    id = tokenId;
                    return true;
                }
            }

            position++;
        }

        index = length = id = -1;
        return false;
    }
}
