namespace Splade.Encoding.Tokenization;

/// <summary>
/// BERT's WordPiece tokenizer, reproducing the Hugging Face <c>tokenizers</c> pipeline token for token:
/// special tokens written in the text, <c>BertNormalizer</c>, <c>BertPreTokenizer</c>, <c>WordPiece</c> and the
/// <c>[CLS] … [SEP]</c> template.
/// </summary>
/// <remarks>
/// <para>
/// The pipeline: literal special tokens (such as <c>[MASK]</c>) are split out of the raw text first. Each remaining
/// segment is normalized (control characters dropped, whitespace mapped to a space, CJK ideographs padded with spaces,
/// accents stripped by canonical decomposition, lowercased), split on whitespace with every punctuation character
/// isolated, and each word is cut into the longest vocabulary pieces from the left, continuation pieces carrying the
/// <c>##</c> prefix. A word longer than <see cref="WordPieceTokenizerOptions.MaxInputCharsPerWord"/> scalar values, or
/// with any part missing from the vocabulary, becomes a single unknown token.
/// </para>
/// <para>
/// Character classes are the tokenizer's own tables, not culture data, so results do not depend on the machine.
/// Instances are immutable and safe to use from several threads. Memory and time are linear in the text length.
/// </para>
/// <para>Thread safety: immutable once loaded; every member may be called from any thread at the same time (each call keeps its own buffers).</para>
/// </remarks>
public sealed partial class WordPieceTokenizer
{
    private readonly WordPieceVocabulary _vocabulary;
    private readonly WordPieceEncoder _encoder;
    private readonly int[] _specialTokenIds;

    private WordPieceTokenizer(
        WordPieceVocabulary vocabulary,
        WordPieceTokenizerOptions options,
        IEnumerable<(string Text, int Id)> specialTokens,
        string source)
    {
        _vocabulary = vocabulary;
        Options = options;
        UnkId = RequireToken(options.UnknownToken, "unknown", source);
        ClsId = RequireToken(options.ClassificationToken, "classification", source);
        SepId = RequireToken(options.SeparatorToken, "separator", source);
        PadId = RequireToken(options.PaddingToken, "padding", source);
        MaskId = vocabulary.TryGetId(options.MaskToken, out var mask) ? mask : -1;
        var specials = specialTokens.ToList();
        _specialTokenIds = [.. specials.Select(static s => s.Id).Distinct().Order()];
        _encoder = new WordPieceEncoder(vocabulary, options, new SpecialTokenMatcher(specials), UnkId);
    }

    /// <summary>The normalization settings and special-token names in use.</summary>
    public WordPieceTokenizerOptions Options { get; }

    /// <summary>The number of entries in the vocabulary; ids range over <c>[0, VocabularySize)</c>.</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <summary>Id of the classification token that starts every sequence (<c>[CLS]</c>).</summary>
    public int ClsId { get; }

    /// <summary>Id of the separator token that ends every sequence (<c>[SEP]</c>).</summary>
    public int SepId { get; }

    /// <summary>Id of the padding token (<c>[PAD]</c>).</summary>
    public int PadId { get; }

    /// <summary>Id of the unknown token (<c>[UNK]</c>).</summary>
    public int UnkId { get; }

    /// <summary>Id of the mask token (<c>[MASK]</c>), or -1 when the vocabulary has none.</summary>
    public int MaskId { get; }

    /// <summary>Ids of the special tokens (those split out of raw text, framing and padding tokens), ascending.</summary>
    public ReadOnlySpan<int> SpecialTokenIds => _specialTokenIds;

    /// <summary>The vocabulary string of <paramref name="id"/>.</summary>
    /// <param name="id">A token id in <c>[0, VocabularySize)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside the vocabulary.</exception>
    public string IdToToken(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, _vocabulary.Count);
        return _vocabulary[id];
    }

    /// <summary>Looks up the id of a vocabulary string (exact, case-sensitive).</summary>
    /// <param name="token">The token string, including any <c>##</c> prefix.</param>
    /// <param name="id">The id when found.</param>
    public bool TryGetId(string token, out int id)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _vocabulary.TryGetId(token, out id);
    }

    /// <summary>Tokenizes <paramref name="text"/> as <c>[CLS] pieces [SEP]</c>, truncated to <paramref name="maxLength"/> tokens.</summary>
    /// <param name="text">The text; any valid UTF-16 string.</param>
    /// <param name="maxLength">The most tokens to return, framing tokens included; at least 2. Pieces beyond it are dropped, [SEP] is kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The text contains an unpaired surrogate; the message gives its position.</exception>
    public TokenizedText Tokenize(string text, int maxLength = 512)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var pieces = EncodePieces(text, trackOffsets: true);
        var pieceCount = Math.Min(pieces.Count, maxLength - 2);
        var ids = new int[pieceCount + 2];
        var offsets = new TokenOffset[pieceCount + 2];
        ids[0] = ClsId;
        pieces.Ids[..pieceCount].CopyTo(ids.AsSpan(1));
        pieces.Offsets[..pieceCount].CopyTo(offsets.AsSpan(1));
        ids[^1] = SepId;
        return new TokenizedText(ids, offsets, this);
    }

    /// <summary>The word-piece ids of <paramref name="text"/>, without framing tokens and without truncation.</summary>
    /// <param name="text">The text; any valid UTF-16 string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">The text contains an unpaired surrogate; the message gives its position.</exception>
    public int[] TokenizeToPieceIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodePieces(text, trackOffsets: false).Ids.ToArray();
    }

    private PieceBuffer EncodePieces(string text, bool trackOffsets)
    {
        var pieces = new PieceBuffer(Math.Min(text.Length / 4 + 16, 1 << 20), trackOffsets);
        _encoder.Encode(text, pieces);
        return pieces;
    }

    private int RequireToken(string token, string role, string source) =>
        _vocabulary.TryGetId(token, out var id)
            ? id
            : throw new TokenizerLoadException($"{source}: the vocabulary has no {role} token '{token}'.");
}
