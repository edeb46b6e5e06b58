using System.Globalization;
using Splade.Core;

namespace Splade.Index;

/// <summary>A seeded, reproducible generator of SPLADE-like sparse documents and queries. Synthetic data: for benchmarks and tests, not for retrieval quality.</summary>
/// <remarks>
/// <para>
/// The statistics follow published SPLADE figures on MS MARCO passages: about 126 non-zeros per document and 49 per query over the
/// 30,522-term BERT vocabulary. Term popularity is Zipf-like (rank r drawn with probability proportional to 1/r^s) over a seeded
/// permutation of the vocabulary, so popular terms are scattered across indices. Weights are log-normal and clipped to SPLADE's
/// observed range (documents: median 0.4, 0.01 to 3; queries: median 0.6, 0.01 to 3), with rarer terms weighted slightly higher.
/// A query takes about half its terms from one target document (with fresh weights) and the rest from the popularity distribution.
/// </para>
/// <para>Document i and query j depend only on the options and their number, so any slice can be generated (or regenerated) alone, in any order, streamed.</para>
/// </remarks>
public sealed class SyntheticSpladeCorpus
{
    private readonly SyntheticCorpusOptions _options;
    private readonly AliasTable _popularity;
    private readonly uint[] _termOfRank;

    /// <summary>Prepares the generator (the popularity table); cheap enough to create per run.</summary>
    public SyntheticSpladeCorpus(SyntheticCorpusOptions? options = null)
    {
        _options = options ?? new SyntheticCorpusOptions();
        if (_options.Vocabulary < 1000 || _options.MeanDocumentTerms < 1 || _options.MeanQueryTerms < 1 || _options.MeanDocumentTerms * 4 > _options.Vocabulary)
        {
            throw new ArgumentException("The synthetic corpus needs a vocabulary of at least 1000 terms and term counts well below it.", nameof(options));
        }

        var ranks = new double[_options.Vocabulary];
        for (var r = 0; r < ranks.Length; r++)
        {
            ranks[r] = 1.0 / Math.Pow(r + 1, _options.ZipfExponent);
        }

        _popularity = new AliasTable(ranks);
        _termOfRank = new uint[_options.Vocabulary];
        for (var i = 0u; i < _termOfRank.Length; i++)
        {
            _termOfRank[i] = i;
        }

        var shuffle = new SplitMixRandom((ulong)_options.Seed);
        for (var i = _termOfRank.Length - 1; i > 0; i--)
        {
            var j = shuffle.NextInt(i + 1);
            (_termOfRank[i], _termOfRank[j]) = (_termOfRank[j], _termOfRank[i]);
        }
    }

    /// <summary>The options in use.</summary>
    public SyntheticCorpusOptions Options => _options;

    /// <summary>The id of document <paramref name="index"/>: <c>d{index}</c>.</summary>
    public static string DocumentId(long index) => string.Create(CultureInfo.InvariantCulture, $"d{index}");

    /// <summary>Generates document <paramref name="index"/>.</summary>
    public IndexDocument Document(long index) => new(DocumentId(index), DocumentVector(index));

    /// <summary>Generates the vector of document <paramref name="index"/>.</summary>
    public SparseVector DocumentVector(long index)
    {
        var random = new SplitMixRandom(SplitMixRandom.Mix(_options.Seed, index));
        var count = Math.Clamp((int)Math.Round(_options.MeanDocumentTerms + (_options.MeanDocumentTerms * 0.35 * random.NextGaussian())), 8, _options.MeanDocumentTerms * 3);
        var weights = new Dictionary<uint, float>(count);
        while (weights.Count < count)
        {
            var rank = _popularity.Sample(ref random);
            weights.TryAdd(_termOfRank[rank], Weight(ref random, 0.4, rank));
        }

        return SparseVector.FromDictionary(weights, _options.Vocabulary);
    }

    /// <summary>Streams documents 0..<paramref name="count"/>-1.</summary>
    public IEnumerable<IndexDocument> Documents(long count)
    {
        for (var i = 0L; i < count; i++)
        {
            yield return Document(i);
        }
    }

    /// <summary>Generates query <paramref name="index"/> for a collection of <paramref name="documentCount"/> documents; its id is <c>q{index}</c>.</summary>
    public IndexDocument Query(long index, long documentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documentCount, 1);
        var random = new SplitMixRandom(SplitMixRandom.Mix(~(long)_options.Seed, index));
        var count = Math.Clamp((int)Math.Round(_options.MeanQueryTerms + (_options.MeanQueryTerms * 0.35 * random.NextGaussian())), 4, _options.MeanQueryTerms * 3);
        var target = DocumentVector((long)(random.NextDouble() * documentCount));
        var weights = new Dictionary<uint, float>(count);
        var fromTarget = Math.Min(target.Count, (int)(count * _options.QueryOverlap));
        while (weights.Count < fromTarget)
        {
            var term = target.Indices[random.NextInt(target.Count)];
            weights.TryAdd(term, Weight(ref random, 0.6, 1000));
        }

        while (weights.Count < count)
        {
            var rank = _popularity.Sample(ref random);
            weights.TryAdd(_termOfRank[rank], Weight(ref random, 0.6, rank));
        }

        return new IndexDocument(string.Create(CultureInfo.InvariantCulture, $"q{index}"), SparseVector.FromDictionary(weights, _options.Vocabulary));
    }

    private float Weight(ref SplitMixRandom random, double median, int rank)
    {
        // Rarer terms carry more information, so SPLADE tends to weight them higher.
        var rarity = Math.Log(rank + 2.0) / Math.Log(_options.Vocabulary + 2.0);
        var value = median * (0.6 + (0.8 * rarity)) * Math.Exp(0.8 * random.NextGaussian());
        return (float)Math.Clamp(value, 0.01, 3.0);
    }
}
