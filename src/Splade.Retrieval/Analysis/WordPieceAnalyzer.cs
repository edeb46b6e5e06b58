using Splade.Encoding.Tokenization;

namespace Splade.Retrieval.Analysis;

/// <summary>Analyzes text into the BERT tokenizer's word pieces, so lexical retrieval and SPLADE share a vocabulary.</summary>
/// <remarks>
/// Terms are the vocabulary strings of the pieces (continuation pieces keep their <c>##</c> prefix); the unknown-token
/// piece is dropped, since it would match every unknown word alike. No stop words are removed and nothing is stemmed:
/// BM25's IDF discounts frequent pieces.
/// <para>Thread safety: every member may be called from any thread at the same time (the tokenizer it wraps is).</para>
/// </remarks>
public sealed class WordPieceAnalyzer : ITextAnalyzer
{
    private readonly WordPieceTokenizer _tokenizer;

    /// <summary>Creates the analyzer over a loaded tokenizer.</summary>
    /// <param name="tokenizer">The tokenizer, for example from <see cref="WordPieceTokenizer.FromModelFolder"/>.</param>
    public WordPieceAnalyzer(WordPieceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
    }

    /// <inheritdoc />
    public string Name => "wordpiece";

    /// <inheritdoc />
    public void Analyze(ReadOnlySpan<char> text, ITermSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var id in _tokenizer.TokenizeToPieceIds(text.ToString()))
        {
            if (id != _tokenizer.UnkId)
            {
                sink.Accept(_tokenizer.IdToToken(id));
            }
        }
    }
}
