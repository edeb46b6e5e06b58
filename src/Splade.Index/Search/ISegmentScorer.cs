namespace Splade.Index.Search;

/// <summary>One search algorithm, applied to one segment at a time: the seam every algorithm plugs into.</summary>
/// <remarks>
/// <para>
/// A search prepares its query once (<see cref="PreparedQuery"/>), the <see cref="SearchPlanner"/> picks a scorer for each segment,
/// and each scorer offers the segment's candidates, with their exact scores, to the segment's <see cref="SegmentCollector"/>, which
/// feeds the search's one <see cref="HitCollector"/>. A scorer holds no state between calls (per-thread scratch aside), so one
/// instance serves every search.
/// </para>
/// <para>Adding an algorithm is a class implementing this interface and a line in <see cref="SearchPlanner"/>.</para>
/// </remarks>
internal interface ISegmentScorer
{
    /// <summary>The algorithm this scorer is, as <see cref="SearchResults.Algorithm"/> reports it.</summary>
    SearchAlgorithm Algorithm { get; }

    /// <summary>Whether this scorer can search <paramref name="segment"/> (the approximate one needs the segment's approximate index).</summary>
    bool CanScore(Segments.Segment segment);

    /// <summary>Offers the segment's live candidates for <paramref name="query"/> to <paramref name="collector"/>, and reports the work
    /// done (<see cref="HitCollector.AddWork"/>).</summary>
    void Score(PreparedQuery query, SegmentCollector collector);
}
