namespace Splade.Index.Search;

/// <summary>A candidate hit: its score, insertion sequence number (the tie-breaker) and where it lives.</summary>
internal readonly record struct ScoredDocument(float Score, long Sequence, int SegmentIndex, int Ordinal)
{
    /// <summary>Whether this candidate ranks before <paramref name="other"/>: higher score, then earlier insertion.</summary>
    public bool RanksBefore(in ScoredDocument other)
        => Score > other.Score || (Score == other.Score && Sequence < other.Sequence);
}
