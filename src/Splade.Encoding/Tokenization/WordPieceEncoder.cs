namespace Splade.Encoding.Tokenization;

/// <summary>
/// The tokenization pipeline without special-token framing: split out literal special tokens, normalize, pre-tokenize
/// (whitespace splits, punctuation isolated), then greedy longest-match-first WordPiece on every word.
/// </summary>
internal sealed class WordPieceEncoder
{
    private readonly WordPieceVocabulary _vocabulary;
    private readonly BertNormalizer _normalizer;
    private readonly SpecialTokenMatcher _specialTokens;
    private readonly int _unknownId;
    private readonly int _maxScalarsPerWord;

    public WordPieceEncoder(WordPieceVocabulary vocabulary, WordPieceTokenizerOptions options, SpecialTokenMatcher specialTokens, int unknownId)
    {
        _vocabulary = vocabulary;
        _normalizer = new BertNormalizer(options);
        _specialTokens = specialTokens;
        _unknownId = unknownId;
        _maxScalarsPerWord = options.MaxInputCharsPerWord;
    }

    /// <summary>Appends the pieces of <paramref name="text"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The text contains an unpaired surrogate.</exception>
    public void Encode(ReadOnlySpan<char> text, PieceBuffer output)
    {
        ThrowOnUnpairedSurrogate(text);
        using var word = new WordBuffer();
        var segmentStart = 0;
        while (_specialTokens.TryFindNext(text, segmentStart, out var index, out var length, out var id))
        {
            EncodeSegment(text, segmentStart, index, word, output);
            output.Add(id, new TokenOffset(index, index + length));
            segmentStart = index + length;
        }

        EncodeSegment(text, segmentStart, text.Length, word, output);
    }

    private void EncodeSegment(ReadOnlySpan<char> text, int start, int end, WordBuffer word, PieceBuffer output)
    {
        var position = start;
        while (position < end)
        {
            var width = char.IsHighSurrogate(text[position]) ? 2 : 1;
            var codePoint = width == 2 ? char.ConvertToUtf32(text[position], text[position + 1]) : text[position];
            var normalized = _normalizer.Normalize(codePoint).AsSpan();
            var k = 0;
            while (k < normalized.Length)
            {
                var scalarWidth = char.IsHighSurrogate(normalized[k]) ? 2 : 1;
                var scalar = scalarWidth == 2 ? char.ConvertToUtf32(normalized[k], normalized[k + 1]) : normalized[k];
                if (BertCharClasses.IsWhitespace(scalar))
                {
                    EmitWord(word, output);
                }
                else if (BertCharClasses.IsPunctuation(scalar))
                {
                    EmitWord(word, output);
                    word.Append(normalized.Slice(k, scalarWidth), position, position + width);
                    EmitWord(word, output);
                }
                else
                {
                    word.Append(normalized.Slice(k, scalarWidth), position, position + width);
                }

                k += scalarWidth;
            }

            position += width;
        }

        EmitWord(word, output);
    }

    private void EmitWord(WordBuffer word, PieceBuffer output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (word.ScalarCount > _maxScalarsPerWord || !TryAppendPieces(word, output))
        {
            output.Add(_unknownId, word.OriginOf(0, word.Length));
        }

        word.Clear();
    }

    /// <summary>Greedy longest-match-first; on failure nothing is appended, since the whole word becomes unknown.</summary>
    private bool TryAppendPieces(WordBuffer word, PieceBuffer output)
    {
        var chars = word.Chars;
        var mark = output.Count;
        var start = 0;
        while (start < chars.Length)
        {
            var end = Math.Min(chars.Length, start + _vocabulary.MaxTokenLength);
            if (end < chars.Length && char.IsLowSurrogate(chars[end]))
            {
                end--;
            }

            var id = -1;
            while (end > start)
            {
                var piece = chars[start..end];
                if (start == 0 ? _vocabulary.TryGetWordStart(piece, out id) : _vocabulary.TryGetContinuation(piece, out id))
                {
                    break;
                }

                id = -1;
                end -= end - start >= 2 && char.IsLowSurrogate(chars[end - 1]) ? 2 : 1;
            }

            if (id < 0)
            {
                output.Truncate(mark);
                return false;
            }

            output.Add(id, word.OriginOf(start, end));
            start = end;
        }

        return true;
    }

    private static void ThrowOnUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            throw new ArgumentException(
                $"The text is not valid UTF-16: unpaired surrogate U+{(int)c:X4} at position {i}.", nameof(text));
        }
    }
}
