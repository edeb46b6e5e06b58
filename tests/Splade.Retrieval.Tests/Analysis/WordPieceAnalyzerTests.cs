using Splade.Encoding.Tokenization;
using Splade.Retrieval.Analysis;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Analysis;

public sealed class WordPieceAnalyzerTests
{
    private static readonly WordPieceTokenizer Tokenizer = WordPieceTokenizer.FromModelFolder(TestPaths.Fixture("tiny-splade-random"));

    [Fact]
    public void Terms_are_the_tokenizers_pieces_without_framing_or_unknown_tokens()
    {
        var analyzer = new WordPieceAnalyzer(Tokenizer);
        const string text = "Electron microscopy of the lung \u2603\uFFFF";
        var expected = Tokenizer.TokenizeToPieceIds(text).Where(id => id != Tokenizer.UnkId).Select(Tokenizer.IdToToken).ToList();
        Assert.Equal(expected, analyzer.AnalyzeToList(text));
        Assert.Contains("electron", expected);
        Assert.DoesNotContain("[CLS]", expected);
        Assert.DoesNotContain("[UNK]", expected);
    }
}
