namespace Splade.Index.Approximate;

/// <summary>The outcome of <see cref="ApproximateIndex.Tune"/>: the chosen query-time knobs and what they achieved on the sample.</summary>
/// <param name="Options">The cheapest knobs that reached the target recall, or the most accurate ones when none did.</param>
/// <param name="Recall">The mean recall@k of <paramref name="Options"/> on the sample queries, against exhaustive scoring.</param>
/// <param name="ReachedTarget">Whether <paramref name="Recall"/> reached the target; when not, the index's build knobs keep too few postings.</param>
/// <param name="MeanDocumentsScored">The mean number of documents re-scored per sample query with <paramref name="Options"/>.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record ApproximateTuningResult(ApproximateSearchOptions Options, double Recall, bool ReachedTarget, double MeanDocumentsScored)
{
    /// <summary>Whether the index decided to search exactly: the target was not reached, or approximate search with
    /// <see cref="Options"/> was not faster than exact search on the sample (set by <see cref="SparseIndex.TuneApproximate"/>).</summary>
    public bool SearchesExactly { get; init; }
}
