using Splade.Index.Approximate;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>One thread's reusable buffers for <see cref="TermAtATimeScorer"/>: a chunk's scores and matched bitset, the query terms'
/// score tables, and the candidate lists.</summary>
/// <remarks>The scores and the bitset are all zero between searches: collecting a chunk zeroes what it read, so no search clears
/// them in full; a search that fails part-way calls <see cref="Reset"/>.</remarks>
internal sealed class TermAtATimeScratch
{
    private float[] _tables = [];

    public float[] Scores { get; } = new float[PostingsFileBuilder.ChunkSize];

    public ulong[] Matched { get; } = new ulong[PostingsFileBuilder.ChunkSize / 64];

    public int[] TermOrdinals { get; private set; } = [];

    /// <summary>The query scattered over every u16 term, for re-scoring documents of segments with narrow terms; all zero between
    /// searches.</summary>
    public float[] DenseQuery { get; } = new float[ushort.MaxValue + 1];

    /// <summary>The k best approximate scores of accepted documents.</summary>
    public TopKHeap Heap { get; } = new();

    public int[] CandidateDocs { get; private set; } = new int[1024];

    public float[] CandidateScores { get; private set; } = new float[1024];

    /// <summary>The segment's number of weight tiers (<see cref="Segment.Tiers"/>); per-tier arrays hold term × Tiers + tier.</summary>
    public int Tiers { get; private set; } = 1;

    /// <summary>Per matched term and tier, the most a posting of that tier or a lighter one can contribute (query weight × the
    /// tier's largest weight magnitude, plus the term's code error): what skipping the term's tiers up to this one costs.</summary>
    public double[] TierBounds { get; private set; } = [];

    /// <summary>Per matched term and tier, its number of postings in the segment.</summary>
    public long[] TierPostings { get; private set; } = [];

    /// <summary>The (term, tier) steps, term × Tiers + tier, by ascending added bound per posting: the order in which tiers are
    /// chosen to be skipped.</summary>
    public int[] SkipOrder { get; private set; } = [];

    /// <summary>Per matched term, how many of its lightest tiers the current chunk skips.</summary>
    public int[] SkippedTiers { get; private set; } = [];

    private double[] _orderKeys = [];

    public void Begin(int queryTerms, int tiers)
    {
        Tiers = tiers;
        if (TermOrdinals.Length < queryTerms || TierBounds.Length < queryTerms * tiers)
        {
            TermOrdinals = new int[queryTerms];
            _tables = new float[queryTerms * PostingImpacts.Levels];
            TierBounds = new double[queryTerms * tiers];
            TierPostings = new long[queryTerms * tiers];
            SkipOrder = new int[queryTerms * tiers];
            SkippedTiers = new int[queryTerms];
            _orderKeys = new double[queryTerms * tiers];
        }

        Array.Clear(SkippedTiers);
    }

    /// <summary>Fills <see cref="SkipOrder"/> for the first <paramref name="terms"/> matched terms: a step's key is the bound it adds
    /// over the term's lighter tiers, per posting it saves.</summary>
    public void OrderSkipSteps(int terms)
    {
        var steps = terms * Tiers;
        for (var step = 0; step < steps; step++)
        {
            SkipOrder[step] = step;
            _orderKeys[step] = AddedBound(step) / Math.Max(1, TierPostings[step]);
        }

        _orderKeys.AsSpan(0, steps).Sort(SkipOrder.AsSpan(0, steps));
    }

    /// <summary>What skipping step term × Tiers + tier adds to the bound of skipping the term's lighter tiers.</summary>
    public double AddedBound(int step) => step % Tiers == 0 ? TierBounds[step] : TierBounds[step] - TierBounds[step - 1];

    /// <summary>The score table of the <paramref name="term"/>-th matched query term.</summary>
    public Span<float> Table(int term) => _tables.AsSpan(term * PostingImpacts.Levels, PostingImpacts.Levels);

    public void GrowCandidates()
    {
        var capacity = CandidateDocs.Length * 2;
        var docs = CandidateDocs;
        var scores = CandidateScores;
        Array.Resize(ref docs, capacity);
        Array.Resize(ref scores, capacity);
        CandidateDocs = docs;
        CandidateScores = scores;
    }

    public void Reset()
    {
        Array.Clear(Scores);
        Array.Clear(Matched);
        Array.Clear(DenseQuery);
    }
}
