namespace Splade.Encoding.Tokenization;

/// <summary>What a tokenizer file describes: vocabulary, settings and the tokens split out of raw text.</summary>
internal sealed record TokenizerDefinition(
    WordPieceVocabulary Vocabulary,
    WordPieceTokenizerOptions Options,
    IReadOnlyList<(string Text, int Id)> SpecialTokens);
