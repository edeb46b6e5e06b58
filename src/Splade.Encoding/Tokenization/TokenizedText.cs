namespace Splade.Encoding.Tokenization;

/// <summary>
/// A tokenized text: token ids framed by the classification and separator tokens, with the span of the original text
/// each token came from.
/// </summary>
/// <remarks>
/// Offsets are UTF-16 code-unit positions into the string passed to <see cref="WordPieceTokenizer.Tokenize"/>, so
/// <c>text[offset.Start..offset.End]</c> is the source of a token. Special tokens added by framing have offset (0, 0);
/// a special token written literally in the text has its own span. Pieces produced from one character (such as the
/// parts of a decomposed Hangul syllable) share that character's span.
/// <para>Thread safety: immutable; it may be read from any number of threads at once.</para>
/// </remarks>
public sealed class TokenizedText
{
    private readonly int[] _ids;
    private readonly TokenOffset[] _offsets;
    private readonly WordPieceTokenizer _tokenizer;

    internal TokenizedText(int[] ids, TokenOffset[] offsets, WordPieceTokenizer tokenizer)
    {
        _ids = ids;
        _offsets = offsets;
        _tokenizer = tokenizer;
    }

    /// <summary>The token ids, starting with the classification token and ending with the separator token.</summary>
    public ReadOnlyMemory<int> Ids => _ids;

    /// <summary>The original-text span of each token, parallel to <see cref="Ids"/>.</summary>
    public ReadOnlyMemory<TokenOffset> Offsets => _offsets;

    /// <summary>The number of tokens, special tokens included.</summary>
    public int Length => _ids.Length;

    /// <summary>The vocabulary string of the token at <paramref name="index"/>.</summary>
    /// <param name="index">Position in <see cref="Ids"/>.</param>
    public string GetToken(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _ids.Length);
        return _tokenizer.IdToToken(_ids[index]);
    }

    /// <summary>The vocabulary strings of all tokens, in order.</summary>
    public string[] ToTokenStrings()
    {
        var tokens = new string[_ids.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = _tokenizer.IdToToken(_ids[i]);
        }

        return tokens;
    }
}
