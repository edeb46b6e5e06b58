using System.Text;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Tests.Tokenization;

/// <summary>
/// A deliberately plain oracle of the BERT pipeline: each normalization step is a separate pass over a list of
/// (text, origin) characters, words are strings, and WordPiece builds every "##" candidate as a new string and looks
/// it up in the full vocabulary. It shares only the character tables with the tokenizer under test.
/// </summary>
internal sealed class ReferenceWordPiece(WordPieceTokenizer tokenizer)
{
    private readonly Dictionary<string, int> _vocabulary = Enumerable.Range(0, tokenizer.VocabularySize).ToDictionary(tokenizer.IdToToken, id => id);
    private readonly WordPieceTokenizerOptions _options = tokenizer.Options;

    private readonly record struct Unit(int Scalar, int Start, int End);

    public List<(int Id, TokenOffset Offset)> Encode(string text, IReadOnlyList<string> specialTokens)
    {
        var result = new List<(int, TokenOffset)>();
        var segmentStart = 0;
        var position = 0;
        while (position < text.Length)
        {
            var special = specialTokens.Where(t => string.CompareOrdinal(text, position, t, 0, t.Length) == 0)
                .OrderByDescending(t => t.Length)
                .FirstOrDefault();
            if (special is null)
            {
                position++;
                continue;
            }

            EncodeSegment(text, segmentStart, position, result);
            result.Add((_vocabulary[special], new TokenOffset(position, position + special.Length)));
            position += special.Length;
            segmentStart = position;
        }

        EncodeSegment(text, segmentStart, text.Length, result);
        return result;
    }

    private void EncodeSegment(string text, int start, int end, List<(int, TokenOffset)> result)
    {
        var units = new List<Unit>();
        for (var i = start; i < end; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            units.Add(new Unit(char.ConvertToUtf32(text, i), i, i + (char.IsSurrogatePair(text, i) ? 2 : 1)));
        }

        if (_options.CleanText)
        {
            units = [.. units.Where(u => u.Scalar != 0 && u.Scalar != 0xFFFD && !BertCharClasses.IsControl(u.Scalar))
                .Select(u => BertCharClasses.IsWhitespace(u.Scalar) ? u with { Scalar = ' ' } : u)];
        }

        if (_options.HandleChineseCharacters)
        {
            units = [.. units.SelectMany(
                u => BertCharClasses.IsChineseCharacter(u.Scalar) ? new[] { u with { Scalar = ' ' }, u, u with { Scalar = ' ' } } : [u])];
        }

        if (_options.StripAccents ?? _options.Lowercase)
        {
            units = [.. units.SelectMany(u => CanonicalDecomposition.Decompose(u.Scalar).EnumerateRunes().Select(r => u with { Scalar = r.Value }))
                .Where(u => !BertCharClasses.IsNonSpacingMark(u.Scalar))];
        }

        if (_options.Lowercase)
        {
            units = [.. units.SelectMany(u => u.Scalar == 0x130
                ? new[] { u with { Scalar = 'i' }, u with { Scalar = 0x307 } }
                : [u with { Scalar = Rune.ToLowerInvariant(new Rune(u.Scalar)).Value }])];
        }

        var words = new List<List<Unit>>();
        var current = new List<Unit>();
        foreach (var unit in units)
        {
            if (BertCharClasses.IsWhitespace(unit.Scalar) || BertCharClasses.IsPunctuation(unit.Scalar))
            {
                words.Add(current);
                current = [];
                if (BertCharClasses.IsPunctuation(unit.Scalar))
                {
                    words.Add([unit]);
                }
            }
            else
            {
                current.Add(unit);
            }
        }

        words.Add(current);
        foreach (var word in words.Where(w => w.Count > 0))
        {
            result.AddRange(Pieces(word));
        }
    }

    private List<(int, TokenOffset)> Pieces(List<Unit> word)
    {
        var unknown = new List<(int, TokenOffset)> { (tokenizer.UnkId, new TokenOffset(word[0].Start, word[^1].End)) };
        if (word.Count > _options.MaxInputCharsPerWord)
        {
            return unknown;
        }

        var pieces = new List<(int, TokenOffset)>();
        var start = 0;
        while (start < word.Count)
        {
            var found = false;
            for (var end = word.Count; end > start; end--)
            {
                var candidate = string.Concat(word.Skip(start).Take(end - start).Select(u => char.ConvertFromUtf32(u.Scalar)));
                if (start > 0)
                {
                    candidate = _options.ContinuingSubwordPrefix + candidate;
                }

                if (_vocabulary.TryGetValue(candidate, out var id))
                {
                    pieces.Add((id, new TokenOffset(word[start].Start, word[end - 1].End)));
                    start = end;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return unknown;
            }
        }

        return pieces;
    }
}
