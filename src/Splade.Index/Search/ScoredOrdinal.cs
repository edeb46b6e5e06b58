using Splade.Core.Ranking;

namespace Splade.Index.Search;

/// <summary>A scored document of one segment: its score, its insertion sequence number (the tie-breaker), the segment's position
/// in the snapshot searched, and its ordinal there.</summary>
/// <remarks>The one candidate type of every scorer, of the search's collector and of the approximate index's own heap, ranked by
/// <see cref="BestFirst"/>.</remarks>
internal readonly record struct ScoredOrdinal(float Score, long Sequence, int Segment, int Ordinal)
{
    /// <summary>Higher score first, then earlier insertion: the engine's one order of hits, so that every algorithm (and a
    /// brute-force scan) returns the same hits in the same order.</summary>
    internal readonly struct BestFirst : IRanking<ScoredOrdinal>
    {
        public static bool RanksBefore(in ScoredOrdinal left, in ScoredOrdinal right)
            => left.Score > right.Score || (left.Score == right.Score && left.Sequence < right.Sequence);
    }
}
