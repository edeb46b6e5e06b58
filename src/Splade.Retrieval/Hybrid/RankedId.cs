using Splade.Core.Ranking;

namespace Splade.Retrieval.Hybrid;

/// <summary>A candidate of the in-memory corpus's top-k: a document id and its score, a struct so that offering allocates nothing.</summary>
internal readonly record struct RankedId(string Id, float Score)
{
    /// <summary>Higher score first, equal scores by ascending id (ordinal), so that ties do not depend on the order documents were
    /// scored in.</summary>
    public readonly struct BestFirst : IRanking<RankedId>
    {
        public static bool RanksBefore(in RankedId left, in RankedId right)
            => left.Score > right.Score || (left.Score == right.Score && string.CompareOrdinal(left.Id, right.Id) < 0);
    }
}
