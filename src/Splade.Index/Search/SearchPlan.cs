using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>What <see cref="SearchPlanner"/> chose: the scorer of the search, and term-at-a-time for the segments it cannot score.</summary>
internal sealed class SearchPlan(ISegmentScorer scorer)
{
    /// <summary>The algorithm reported for the search.</summary>
    public SearchAlgorithm Algorithm => scorer.Algorithm;

    /// <summary>The scorer of <paramref name="segment"/>.</summary>
    public ISegmentScorer ScorerFor(Segment segment) => scorer.CanScore(segment) ? scorer : TermAtATimeScorer.Instance;
}
