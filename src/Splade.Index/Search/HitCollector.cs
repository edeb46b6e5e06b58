using Splade.Core.Ranking;
using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>The collector of one search: the k best hits over every segment searched, in the engine's order (score, then
/// insertion), and the work the scorers report.</summary>
/// <remarks>Scorers offer through the <see cref="SegmentCollector"/> of the segment they score
/// (<see cref="ForSegment"/>), which supplies the tie-breaker and applies the filter.</remarks>
internal sealed class HitCollector(int k)
{
    private readonly TopK<ScoredOrdinal, ScoredOrdinal.BestFirst> _top = new(k);

    /// <summary>The k the collector keeps.</summary>
    public int Capacity => _top.Capacity;

    public bool IsFull => _top.IsFull;

    /// <summary>The score a candidate must reach to be considered: the worst kept score when full, negative infinity otherwise.</summary>
    public float Threshold => _top.IsFull ? _top.Worst.Score : float.NegativeInfinity;

    /// <summary>The postings (or documents) the scorers scored: a measure of the work done.</summary>
    public long PostingsScored { get; private set; }

    public void AddWork(long scored) => PostingsScored += scored;

    /// <summary>Whether a hit with this score and sequence number would be kept.</summary>
    public bool WouldKeep(float score, long sequence) => _top.WouldKeep(new ScoredOrdinal(score, sequence, 0, 0));

    public void Offer(in ScoredOrdinal hit) => _top.Offer(hit);

    /// <summary>A collector for the documents of <paramref name="view"/>, the snapshot's segment number <paramref name="segment"/>.</summary>
    public SegmentCollector ForSegment(SegmentView view, int segment, SegmentFilter? filter) => new(this, view, segment, filter);

    /// <summary>The kept hits, best first.</summary>
    public ScoredOrdinal[] ToSortedArray() => _top.ToSortedArray();
}
