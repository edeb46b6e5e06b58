using System.Globalization;
using Splade.Core;
using Splade.Index;

namespace Splade.Cli.Synthetic;

/// <summary>
/// A seeded, reproducible generator of SPLADE-like sparse documents and queries. Synthetic data: for benchmarks and tests, not for retrieval quality.
/// </summary>
/// <remarks>
/// <para>
/// The statistics follow published SPLADE figures on MS MARCO passages: about 126 non-zeros per document and 49 per query over the
/// 30,522-term BERT vocabulary. Term popularity is Zipf-like (rank r drawn with probability proportional to 1/r^s) over a seeded
/// permutation of the vocabulary, so popular terms are scattered across indices. Weights are log-normal and clipped to SPLADE's
/// observed range (documents: median 0.4, 0.01 to 3; queries: median 0.6, 0.01 to 3), with rarer terms weighted slightly higher.
/// A query takes about half its terms from one target document (with fresh weights) and the rest from the popularity distribution.
/// </para>
/// <para>
/// With <see cref="SyntheticCorpusOptions.Topics"/> set, the collection also has topical structure, as real collections do: each
/// topic owns a vocabulary of <see cref="SyntheticCorpusOptions.TermsPerTopic"/> terms drawn uniformly from the whole vocabulary
/// and ranked Zipf-like inside the topic (a few core terms, a long tail). A document belongs to one topic, chosen uniformly, and
/// draws <see cref="SyntheticCorpusOptions.TopicShare"/> of its terms from it and the rest from the global popularity; a query
/// draws the same share of the terms it does not take from its target document from the target's topic. Without topics, every
/// document is an independent draw from the global popularity: the hardest case for methods that exploit similar documents.
/// </para>
/// <para>Document i and query j depend only on the options and their number, so any slice can be generated (or regenerated) alone, in any order,
/// streamed.</para>
/// </remarks>
internal sealed class SyntheticSpladeCorpus
{
    private readonly SyntheticCorpusOptions _options;
    private readonly AliasTable _popularity;
    private readonly uint[] _termOfRank;
    private readonly AliasTable? _topicPosition;
    private readonly int[] _topicRanks = [];

    /// <summary>Prepares the generator (the popularity table); cheap enough to create per run.</summary>
    public SyntheticSpladeCorpus(SyntheticCorpusOptions? options = null)
    {
        _options = options ?? new SyntheticCorpusOptions();
        if (_options.Vocabulary < 1000 || _options.MeanDocumentTerms < 1 || _options.MeanQueryTerms < 1 || _options.MeanDocumentTerms * 4 > _options.Vocabulary)
        {
            throw new ArgumentException("The synthetic corpus needs a vocabulary of at least 1000 terms and term counts well below it.", nameof(options));
        }

        if (_options.Topics < 0
            || _options.TermsPerTopic < 16
            || _options.TermsPerTopic > _options.Vocabulary
            || !(_options.TopicShare >= 0 && _options.TopicShare <= 1))
        {
            throw new ArgumentException(
                $"Topics must be non-negative (got {_options.Topics}), TermsPerTopic between 16 and the vocabulary (got {_options.TermsPerTopic}) and " +
                $"TopicShare in [0, 1] (got {_options.TopicShare}).",
                nameof(options));
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

        if (_options.Topics > 0)
        {
            var positions = new double[_options.TermsPerTopic];
            for (var p = 0; p < positions.Length; p++)
            {
                positions[p] = 1.0 / (p + 1);
            }

            _topicPosition = new AliasTable(positions);
            _topicRanks = new int[(long)_options.Topics * _options.TermsPerTopic];
            var topicRandom = new SplitMixRandom(SplitMixRandom.Mix(_options.Seed, -1));
            var chosen = new HashSet<int>(_options.TermsPerTopic);
            for (var t = 0; t < _options.Topics; t++)
            {
                chosen.Clear();
                var offset = t * _options.TermsPerTopic;
                while (chosen.Count < _options.TermsPerTopic)
                {
                    var rank = topicRandom.NextInt((int)_options.Vocabulary);
                    if (chosen.Add(rank))
                    {
                        _topicRanks[offset + chosen.Count - 1] = rank;
                    }
                }
            }
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
        var count = Math.Clamp(
            (int)Math.Round(_options.MeanDocumentTerms + (_options.MeanDocumentTerms * 0.35 * random.NextGaussian())), 8, _options.MeanDocumentTerms * 3);
        var weights = new Dictionary<uint, float>(count);
        if (_topicPosition is not null)
        {
            AddTopicTerms(weights, TopicOf(index), (int)Math.Round(count * _options.TopicShare), 0.4, ref random);
        }

        AddPopularTerms(weights, count, 0.4, ref random);
        return SparseVector.FromDictionary(weights, _options.Vocabulary);
    }

    /// <summary>The topic of document <paramref name="index"/>, or -1 when the corpus has no topics.</summary>
    public int TopicOf(long index)
    {
        if (_topicPosition is null)
        {
            return -1;
        }

        var random = new SplitMixRandom(SplitMixRandom.Mix(_options.Seed ^ 0x5EED, index));
        return random.NextInt(_options.Topics);
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
        var count = Math.Clamp(
            (int)Math.Round(_options.MeanQueryTerms + (_options.MeanQueryTerms * 0.35 * random.NextGaussian())), 4, _options.MeanQueryTerms * 3);
        var targetIndex = (long)(random.NextDouble() * documentCount);
        var target = DocumentVector(targetIndex);
        var weights = new Dictionary<uint, float>(count);
        var fromTarget = Math.Min(target.Count, (int)(count * _options.QueryOverlap));
        while (weights.Count < fromTarget)
        {
            var term = target.Indices[random.NextInt(target.Count)];
            weights.TryAdd(term, Weight(ref random, 0.6, 1000));
        }

        if (_topicPosition is not null)
        {
            AddTopicTerms(weights, TopicOf(targetIndex), fromTarget + (int)Math.Round((count - fromTarget) * _options.TopicShare), 0.6, ref random);
        }

        AddPopularTerms(weights, count, 0.6, ref random);
        return new IndexDocument(string.Create(CultureInfo.InvariantCulture, $"q{index}"), SparseVector.FromDictionary(weights, _options.Vocabulary));
    }

    private void AddPopularTerms(Dictionary<uint, float> weights, int count, double median, ref SplitMixRandom random)
    {
        while (weights.Count < count)
        {
            var rank = _popularity.Sample(ref random);
            weights.TryAdd(_termOfRank[rank], Weight(ref random, median, rank));
        }
    }

    /// <summary>
    /// Draws topic terms until <paramref name="weights"/> holds <paramref name="count"/> terms, giving up after a bounded number of draws (a topic's tail is
    /// rarely drawn).
    /// </summary>
    private void AddTopicTerms(Dictionary<uint, float> weights, int topic, int count, double median, ref SplitMixRandom random)
    {
        var offset = topic * _options.TermsPerTopic;
        for (var draws = 0; weights.Count < count && draws < count * 4; draws++)
        {
            var rank = _topicRanks[offset + _topicPosition!.Sample(ref random)];
            weights.TryAdd(_termOfRank[rank], Weight(ref random, median, rank));
        }
    }

    private float Weight(ref SplitMixRandom random, double median, int rank)
    {
        // Rarer terms carry more information, so SPLADE tends to weight them higher.
        var rarity = Math.Log(rank + 2.0) / Math.Log(_options.Vocabulary + 2.0);
        var value = median * (0.6 + (0.8 * rarity)) * Math.Exp(0.8 * random.NextGaussian());
        return (float)Math.Clamp(value, 0.01, 3.0);
    }
}
