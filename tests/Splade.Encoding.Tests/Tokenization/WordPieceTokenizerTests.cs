using System.Text;
using Splade.Encoding.Tokenization;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Tokenization;

public sealed class WordPieceTokenizerTests
{
    private static readonly Lazy<WordPieceTokenizer> Bert = new(() => WordPieceTokenizer.FromModelFolder(TestPaths.Fixture("tiny-splade-random")));

    private static WordPieceTokenizer Tokenizer => Bert.Value;

    [Fact]
    public void Framing_surrounds_the_pieces()
    {
        var pieces = Tokenizer.TokenizeToPieceIds("hello world");
        var tokenized = Tokenizer.Tokenize("hello world");
        Assert.Equal([Tokenizer.ClsId, .. pieces, Tokenizer.SepId], tokenized.Ids.ToArray());
        Assert.Equal(pieces.Length + 2, tokenized.Length);
        Assert.Equal(["[CLS]", "hello", "world", "[SEP]"], tokenized.ToTokenStrings());
        Assert.Equal("world", tokenized.GetToken(2));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Truncation_keeps_cls_and_sep_and_a_prefix_of_the_pieces(int maxLength)
    {
        var text = "the quick brown fox jumps over the lazy dog";
        var pieces = Tokenizer.TokenizeToPieceIds(text);
        var tokenized = Tokenizer.Tokenize(text, maxLength);
        var kept = Math.Min(pieces.Length, maxLength - 2);
        Assert.Equal([Tokenizer.ClsId, .. pieces[..kept], Tokenizer.SepId], tokenized.Ids.ToArray());
        Assert.Equal(tokenized.Length, tokenized.Offsets.Length);
        Assert.Equal(default, tokenized.Offsets.Span[^1]);
    }

    [Fact]
    public void Max_length_below_two_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Tokenize("text", 1));
    }

    [Fact]
    public void Null_text_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Tokenizer.Tokenize(null!));
        Assert.Throws<ArgumentNullException>(() => Tokenizer.TokenizeToPieceIds(null!));
    }

    [Theory]
    [InlineData("abc", 0xD800, "def", 3)]
    [InlineData("abc", 0xDC00, "", 3)]
    [InlineData("\U0001F600", 0xD83D, "", 2)]
    [InlineData("", 0xDE00, "\U0001F600", 0)]
    public void Unpaired_surrogate_is_rejected_with_its_position(string before, int surrogate, string after, int position)
    {
        // Built here because attribute strings cannot carry unpaired surrogates.
        var text = before + (char)surrogate + after;
        var error = Assert.Throws<ArgumentException>(() => Tokenizer.Tokenize(text));
        Assert.Contains($"position {position}", error.Message);
    }

    [Fact]
    public void Offsets_point_at_the_source_of_each_token()
    {
        var text = "  Héllo, 世日 x\U0001F600y [MASK]!";
        var tokenized = Tokenizer.Tokenize(text);
        var sources = tokenized.Offsets.ToArray().Select(o => text[o.Start..o.End]).ToArray();
        Assert.Equal(["", "Héllo", ",", "世", "日", "x\U0001F600y", "[MASK]", "!", ""], sources);
        Assert.Equal(["[CLS]", "hello", ",", "世", "日", "[UNK]", "[MASK]", "!", "[SEP]"], tokenized.ToTokenStrings());
    }

    [Fact]
    public void Continuation_pieces_have_adjacent_offsets()
    {
        var text = "tokenization";
        var tokenized = Tokenizer.Tokenize(text);
        var offsets = tokenized.Offsets.Span[1..^1];
        Assert.True(offsets.Length > 1);
        Assert.Equal(0, offsets[0].Start);
        Assert.Equal(text.Length, offsets[^1].End);
        for (var i = 1; i < offsets.Length; i++)
        {
            Assert.Equal(offsets[i - 1].End, offsets[i].Start);
        }
    }

    [Fact]
    public void Literal_special_tokens_are_split_out_even_inside_words()
    {
        Assert.Equal(["[CLS]", "a", "[MASK]", "b", "[SEP]"], Tokenizer.Tokenize("a[MASK]b").ToTokenStrings());
        Assert.Equal(["[CLS]", "[", "mask", "]", "[SEP]"], Tokenizer.Tokenize("[mask]").ToTokenStrings());
    }

    [Fact]
    public void Word_of_more_than_100_scalar_values_is_unknown_and_counted_in_scalars()
    {
        var emoji = "\U0001F600";
        Assert.Equal([Tokenizer.UnkId], Tokenizer.TokenizeToPieceIds(new string('a', 101)));
        var aaa = Tokenizer.TokenizeToPieceIds(new string('a', 100));
        Assert.DoesNotContain(Tokenizer.UnkId, aaa);

        // 60 scalar values, 120 UTF-16 code units: still within the limit, so "x" + emojis is looked up piece by piece.
        var sixtyEmoji = string.Concat(Enumerable.Repeat(emoji, 60));
        Assert.Equal([Tokenizer.UnkId], Tokenizer.TokenizeToPieceIds(sixtyEmoji));
    }

    [Fact]
    public void Multi_megabyte_text_tokenizes_as_its_repeated_parts()
    {
        // The bench's tokenizer entry times a 10 MB text; here a smaller one keeps the suite fast.
        var builder = new StringBuilder(2 * 1024 * 1024);
        while (builder.Length < 2 * 1024 * 1024)
        {
            builder.Append("Tokenizers split long texts, café; 日本 ");
        }

        var text = builder.ToString();
        var pieces = Tokenizer.TokenizeToPieceIds(text);
        var once = Tokenizer.TokenizeToPieceIds("Tokenizers split long texts, café; 日本 ");
        Assert.Equal(0, pieces.Length % once.Length);
        Assert.Equal(once, pieces[..once.Length]);
        Assert.Equal(512, Tokenizer.Tokenize(text).Length);
    }

    [Fact]
    public void One_multi_megabyte_word_is_one_unknown_token()
    {
        var text = new string('x', 4 * 1024 * 1024);
        var tokenized = Tokenizer.Tokenize(text);
        Assert.Equal([Tokenizer.ClsId, Tokenizer.UnkId, Tokenizer.SepId], tokenized.Ids.ToArray());
        Assert.Equal(new TokenOffset(0, text.Length), tokenized.Offsets.Span[1]);
    }

    [Fact]
    public void Concurrent_use_gives_the_same_ids_as_sequential_use()
    {
        var tokenizer = WordPieceTokenizer.FromModelFolder(TestPaths.Fixture("tiny-splade-random"));
        var texts = GoldenCorpus.All.Where((_, i) => i % 5 == 0).Select(g => g.Text).ToArray();
        var concurrent = new int[texts.Length][];
        Parallel.For(0, texts.Length, i => concurrent[i] = tokenizer.TokenizeToPieceIds(texts[i]));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(Tokenizer.TokenizeToPieceIds(texts[i]), concurrent[i]);
        }
    }
}
