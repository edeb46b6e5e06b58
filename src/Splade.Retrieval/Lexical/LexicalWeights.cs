namespace Splade.Retrieval.Lexical;

/// <summary>Turns term counts into the document and query vector weights whose dot product is the lexical score.</summary>
/// <remarks>
/// BM25: a document weighs term t by <c>tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))</c> and a query by
/// <c>idf(t) qtf</c>, so the dot product is Lucene's BM25 score. TF-IDF (lnc.ltc): a document weighs t by
/// <c>1 + ln tf</c> divided by the vector's Euclidean norm, a query by <c>(1 + ln qtf) ln(N / df)</c>.
/// </remarks>
internal sealed class LexicalWeights
{
    private readonly LexicalOptions _options;
    private readonly int[] _documentFrequencies;
    private readonly int _documentCount;
    private readonly float _averageLength;

    public LexicalWeights(LexicalOptions options, int[] documentFrequencies, int documentCount, long totalLength)
    {
        _options = options;
        _documentFrequencies = documentFrequencies;
        _documentCount = documentCount;
        _averageLength = documentCount == 0 ? 0 : (float)totalLength / documentCount;
    }

    /// <summary>Lucene's BM25 inverse document frequency.</summary>
    public static float Bm25Idf(int documentCount, int documentFrequency) =>
        (float)Math.Log(1 + ((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    /// <summary>Writes the weights of a document's terms into <paramref name="weights"/>.</summary>
    public void WeighDocument(TermCounts counts, Span<float> weights)
    {
        if (_options.Scoring == LexicalScoring.Bm25)
        {
            float length = _options.LuceneLengthNorms ? LuceneNorms.QuantizedLength(counts.Length) : counts.Length;
            var k1 = _options.K1;
            var lengthNorm = k1 * (1 - _options.B + (_options.B * length / _averageLength));
            for (var i = 0; i < weights.Length; i++)
            {
                float tf = counts.Counts[i];
                weights[i] = tf * (k1 + 1) / (tf + lengthNorm);
            }

            return;
        }

        var squares = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = 1 + MathF.Log(counts.Counts[i]);
            squares += weights[i] * weights[i];
        }

        var scale = (float)(1 / Math.Sqrt(squares));
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] *= scale;
        }
    }

    /// <summary>The weight of a query term occurring <paramref name="queryFrequency"/> times.</summary>
    public float WeighQueryTerm(uint termId, int queryFrequency)
    {
        var documentFrequency = termId < _documentFrequencies.Length ? _documentFrequencies[termId] : 0;
        if (documentFrequency == 0)
        {
            return 0;
        }

        return _options.Scoring == LexicalScoring.Bm25
            ? Bm25Idf(_documentCount, documentFrequency) * queryFrequency
            : (1 + MathF.Log(queryFrequency)) * MathF.Log((float)_documentCount / documentFrequency);
    }
}
