using CsCheck;
using Splade.Encoding.Tokenization;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Tokenization;

public sealed class WordPiecePropertyTests : IDisposable
{
    private static readonly string[] Fragments =
    [
        "a", "b", "the", "token", "ization", "un", "##", "#", "ing", "Z", "Q", "7", "42", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000",
        ".", ",", "!", "'", "-", "$", "^", "`", "|", "\u00BF", "\u2014", "\u201C", "\u00E9", "e\u0301", "\u00C5", "\u0130", "\u0131", "\u00DF",
        "\u1E9E", "\u03A3", "\u00FC", "\uFB01", "\uFF21", "\u4E2D", "\u6587", "\uF900", "\uD55C", "\u3042", "\u0000", "\u0007", "\u200B", "\u00AD",
        "\uFEFF", "\uFFFD", "\uE000", "\U0001F600", "\U0001D400", "\U00020000", "\u0301", "\u0308", "\u2028", "[MASK]", "[CLS]", "[SEP]",
        "[", "]", "[MAS", "K]", "[UNK", "[PAD]", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    private static readonly Lazy<WordPieceTokenizer> Bert = new(() => WordPieceTokenizer.FromModelFolder(TestPaths.Fixture("tiny-splade-random")));
    private static readonly Lazy<ReferenceWordPiece> BertOracle = new(() => new ReferenceWordPiece(Bert.Value));
    private static readonly string[] BertSpecials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly TempFolder _temp = new("splade-wordpiece-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Bert_vocabulary_matches_the_plain_oracle_on_random_texts()
    {
        Gen.OneOfConst(Fragments).Array[0, 60].Select(string.Concat).Sample(text =>
        {
            var expected = BertOracle.Value.Encode(text, BertSpecials);
            var tokenized = Bert.Value.Tokenize(text, int.MaxValue);
            Assert.Equal(expected.Select(p => p.Id), tokenized.Ids.ToArray()[1..^1]);
            Assert.Equal(expected.Select(p => p.Offset), tokenized.Offsets.ToArray()[1..^1]);
        }, iter: 400);
    }

    [Fact]
    public void Small_random_vocabularies_match_the_plain_oracle()
    {
        var vocabularyGen = Gen.OneOfConst(
            "a", "b", "c", "ab", "ba", "abc", "cab", "aaa", "##a", "##b", "##c", "##ab", "##bc", "##cc", "##", "###", "#", "\U0001F600", "##\U0001F600")
            .Array[1, 12].Select(tokens => tokens.Distinct().ToArray());
        var wordGen = Gen.OneOfConst("a", "b", "c", "#", " ", "\U0001F600", "A").Array[0, 14].Select(string.Concat);
        var options = WordPieceTokenizerOptions.BertUncased with { MaxInputCharsPerWord = 8 };
        Gen.Select(vocabularyGen, wordGen.Array[1, 4]).Sample((tokens, texts) =>
        {
            var path = _temp.Combine($"{Guid.NewGuid():N}.txt");
            File.WriteAllLines(path, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", .. tokens]);
            var tokenizer = WordPieceTokenizer.FromVocabulary(path, options);
            var oracle = new ReferenceWordPiece(tokenizer);
            foreach (var text in texts)
            {
                var expected = oracle.Encode(text, ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]);
                Assert.Equal(expected.Select(p => p.Id), tokenizer.TokenizeToPieceIds(text));
                Assert.Equal(expected.Select(p => p.Offset), tokenizer.Tokenize(text, int.MaxValue).Offsets.ToArray()[1..^1]);
            }
        }, iter: 150);
    }

    [Fact]
    public void Truncation_is_a_prefix_of_the_untruncated_pieces()
    {
        Gen.Select(Gen.OneOfConst(Fragments).Array[0, 40].Select(string.Concat), Gen.Int[2, 30]).Sample((text, maxLength) =>
        {
            var pieces = Bert.Value.TokenizeToPieceIds(text);
            var ids = Bert.Value.Tokenize(text, maxLength).Ids.ToArray();
            Assert.Equal(Math.Min(maxLength, pieces.Length + 2), ids.Length);
            Assert.Equal([Bert.Value.ClsId, .. pieces[..(ids.Length - 2)], Bert.Value.SepId], ids);
        }, iter: 200);
    }
}
