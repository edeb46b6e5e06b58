using Splade.Core.Ranking;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>One thread's reusable buffers for <see cref="TermAtATimeScorer"/>: a chunk's scores and matched bitset, the heap of
/// lower bounds, the candidate lists and the order in which tiers are skipped.</summary>
/// <remarks>The scores and the bitset are all zero between searches: collecting a chunk zeroes what it read, so no search clears
/// them in full; a search that fails part-way calls <see cref="Reset"/>. The query's tables and bounds are the
/// <see cref="ResolvedQuery"/>'s.</remarks>
internal sealed class TermAtATimeScratch
{
    private double[] _orderKeys = [];

    public float[] Scores { get; } = new float[PostingsFileBuilder.ChunkSize];

    public ulong[] Matched { get; } = new ulong[PostingsFileBuilder.ChunkSize / 64];

    /// <summary>The k best lower bounds of accepted documents (their sequence number is the ordinal: only the k-th bound matters).</summary>
    public TopK<ScoredOrdinal, ScoredOrdinal.BestFirst> Heap { get; } = new(0);

    public int[] CandidateDocs { get; private set; } = new int[1024];

    public float[] CandidateScores { get; private set; } = new float[1024];

    /// <summary>The (term, tier) steps, term × Tiers + tier, by ascending added bound per posting: the order in which tiers are
    /// chosen to be skipped.</summary>
    public int[] SkipOrder { get; private set; } = [];

    /// <summary>Per matched term, how many of its lightest tiers the current chunk skips.</summary>
    public int[] SkippedTiers { get; private set; } = [];

    public void Begin(ResolvedQuery resolved)
    {
        var steps = resolved.Terms * resolved.Tiers;
        if (SkippedTiers.Length < resolved.Terms || SkipOrder.Length < steps)
        {
            SkipOrder = new int[steps];
            SkippedTiers = new int[resolved.Terms];
            _orderKeys = new double[steps];
        }

        Array.Clear(SkippedTiers);
    }

    /// <summary>Fills <see cref="SkipOrder"/> for every matched term: a step's key is the bound it adds over the term's lighter
    /// tiers, per posting it saves.</summary>
    public void OrderSkipSteps(ResolvedQuery resolved)
    {
        var steps = resolved.Terms * resolved.Tiers;
        for (var step = 0; step < steps; step++)
        {
            SkipOrder[step] = step;
            _orderKeys[step] = AddedBound(resolved, step) / Math.Max(1, resolved.TierPostings[step]);
        }

        _orderKeys.AsSpan(0, steps).Sort(SkipOrder.AsSpan(0, steps));
    }

    /// <summary>What skipping step term × Tiers + tier adds to the bound of skipping the term's lighter tiers.</summary>
    public static double AddedBound(ResolvedQuery resolved, int step)
    {
        var bounds = resolved.CumulativeTierBounds;
        return step % resolved.Tiers == 0 ? bounds[step] : bounds[step] - bounds[step - 1];
    }

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
    }
}
