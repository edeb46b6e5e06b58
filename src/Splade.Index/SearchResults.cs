namespace Splade.Index;

/// <summary>The hits of a search, best first (ties broken by insertion order), and how they were found.</summary>
/// <param name="Hits">At most k hits, by descending score; equal scores in the order the documents were inserted.</param>
/// <param name="Algorithm">The algorithm that ran (never <see cref="SearchAlgorithm.Auto"/>).</param>
/// <remarks>Thread safety: immutable; its hits carry JSON metadata, which is not thread-safe to read from several threads at once (see SearchHit).</remarks>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, SearchAlgorithm Algorithm)
{
    /// <summary>The number of postings (or documents, for brute force) the search scored; a measure of the work done.</summary>
    public long PostingsScored { get; init; }

    /// <summary>The recall@k these hits are expected to have against exact search: 1 for an exact sparse algorithm; for approximate search
    /// with the index's tuned knobs, the recall the tuning measured on its held-out sample (<see cref="IndexStatistics.ApproximateTunedRecall"/>);
    /// null for approximate search with caller-given knobs or on an index never tuned, and for dense search.</summary>
    public double? EstimatedRecall { get; init; }

    /// <summary>The wall-clock time the search took.</summary>
    public TimeSpan Elapsed { get; init; }
}
