namespace Splade.Retrieval.Lexical;

/// <summary>The term-weighting scheme of a <see cref="LexicalRetriever"/>.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum LexicalScoring
{
    /// <summary>Okapi BM25 with Lucene's IDF, <c>log(1 + (N - df + 0.5) / (df + 0.5))</c>.</summary>
    Bm25,

    /// <summary>TF-IDF in the SMART lnc.ltc form: document weights <c>1 + ln tf</c>, cosine-normalised; query weights
    /// <c>(1 + ln qtf) * ln(N / df)</c>.</summary>
    TfIdf,
}
