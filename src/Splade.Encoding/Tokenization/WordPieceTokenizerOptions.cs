namespace Splade.Encoding.Tokenization;

/// <summary>
/// How a <see cref="WordPieceTokenizer"/> normalizes text and which vocabulary entries play the special roles.
/// The defaults are those of BERT uncased models.
/// </summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record WordPieceTokenizerOptions
{
    /// <summary>The defaults of BERT uncased models.</summary>
    public static WordPieceTokenizerOptions BertUncased { get; } = new();

    /// <summary>Lowercase the text (<c>do_lower_case</c>). Default <see langword="true"/>.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>
    /// Remove accents (<c>strip_accents</c>): decompose, then drop non-spacing marks.
    /// <see langword="null"/> (the default) strips them exactly when <see cref="Lowercase"/> is on.
    /// </summary>
    public bool? StripAccents { get; init; }

    /// <summary>Surround CJK ideographs with spaces so each becomes its own word (<c>tokenize_chinese_chars</c>). Default <see langword="true"/>.</summary>
    public bool HandleChineseCharacters { get; init; } = true;

    /// <summary>Drop control and format characters and map every whitespace character to a space. Default <see langword="true"/>.</summary>
    public bool CleanText { get; init; } = true;

    /// <summary>Words longer than this many Unicode scalar values become the unknown token. Default 100.</summary>
    public int MaxInputCharsPerWord { get; init; } = 100;

    /// <summary>The prefix marking a piece that continues a word. Default <c>##</c>.</summary>
    public string ContinuingSubwordPrefix { get; init; } = "##";

    /// <summary>The unknown token. Default <c>[UNK]</c>.</summary>
    public string UnknownToken { get; init; } = "[UNK]";

    /// <summary>The classification token that starts every sequence. Default <c>[CLS]</c>.</summary>
    public string ClassificationToken { get; init; } = "[CLS]";

    /// <summary>The separator token that ends every sequence. Default <c>[SEP]</c>.</summary>
    public string SeparatorToken { get; init; } = "[SEP]";

    /// <summary>The padding token. Default <c>[PAD]</c>.</summary>
    public string PaddingToken { get; init; } = "[PAD]";

    /// <summary>The mask token. Default <c>[MASK]</c>.</summary>
    public string MaskToken { get; init; } = "[MASK]";
}
