using Splade.Retrieval.Analysis;

namespace Splade.Retrieval.Lexical;

/// <summary>How a <see cref="LexicalRetriever"/> analyzes and weighs text.</summary>
/// <remarks>
/// <para><see cref="K1"/> controls term-frequency saturation: 0 ignores repetitions, larger values let repeated terms
/// count longer. <see cref="B"/> controls document-length normalisation: 0 ignores length, 1 normalises fully. The
/// defaults 0.9 and 0.4 are the values Anserini uses for BEIR; 1.2 and 0.75 are the textbook values.</para>
/// <para><see cref="LuceneLengthNorms"/> rounds each document length the way Lucene 4.8 stores it (one byte per
/// document, about three significant bits), which reproduces Lucene's BM25 scores exactly; off, lengths are exact.</para>
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record LexicalOptions
{
    /// <summary>The analyzer for documents and queries; English by default.</summary>
    public ITextAnalyzer Analyzer { get; init; } = EnglishAnalyzer.Instance;

    /// <summary>The weighting scheme; BM25 by default.</summary>
    public LexicalScoring Scoring { get; init; } = LexicalScoring.Bm25;

    /// <summary>BM25 term-frequency saturation; must be at least 0.</summary>
    public float K1 { get; init; } = 0.9f;

    /// <summary>BM25 length normalisation, between 0 and 1.</summary>
    public float B { get; init; } = 0.4f;

    /// <summary>Round document lengths as Lucene 4.8's norms do (BM25 only).</summary>
    public bool LuceneLengthNorms { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Analyzer, nameof(Analyzer));
        if (!float.IsFinite(K1) || K1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(K1), K1, "BM25 k1 must be a finite number of at least 0.");
        }

        if (!float.IsFinite(B) || B < 0 || B > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(B), B, "BM25 b must be between 0 and 1.");
        }
    }
}
