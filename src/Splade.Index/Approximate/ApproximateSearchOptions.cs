namespace Splade.Index.Approximate;

/// <summary>The query-time knobs of <see cref="ApproximateIndex.Search(Splade.Core.SparseVector, ApproximateSearchOptions?, Func{int, bool}?)"/>.</summary>
/// <remarks>
/// <see cref="QueryTerms"/> and <see cref="HeapFactor"/> trade recall for speed; docs/approximate.md describes each.
/// <see cref="ApproximateIndex.Tune"/> picks them for a target recall on sample queries.
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record ApproximateSearchOptions
{
    /// <summary>The default options: top 10 results.</summary>
    public static ApproximateSearchOptions Default { get; } = new();

    /// <summary>Options that visit every query term and skip no block: exact over the postings the index kept.</summary>
    public static ApproximateSearchOptions Exhaustive { get; } = new() { QueryTerms = int.MaxValue, HeapFactor = 0f };

    /// <summary>The number of results. Must be positive.</summary>
    public int K { get; init; } = 10;

    /// <summary>Query cut: only the query's heaviest terms, at most this many, select candidate blocks; all terms still score them. Must be positive.</summary>
    public int QueryTerms { get; init; } = 16;

    /// <summary>
    /// Block skipping: blocks are scored best summary first, and once k candidates are held the search stops at the first block whose
    /// summary score times this factor is below the k-th best score. One trusts the summaries as they are; below one stops sooner
    /// (faster, lower recall); above one later (the pruned summaries are estimates that can fall short); zero turns stopping off.
    /// Must be finite and non-negative.
    /// </summary>
    public float HeapFactor { get; init; } = 1.2f;

    /// <summary>
    /// The more careful of two tunings, for one set of knobs over segments tuned apart: the larger query cut and the later stop
    /// (the larger heap factor, or zero, which never stops).
    /// </summary>
    internal static ApproximateSearchOptions MoreCareful(ApproximateSearchOptions left, ApproximateSearchOptions right)
        => left with
        {
            QueryTerms = Math.Max(left.QueryTerms, right.QueryTerms),
            HeapFactor = left.HeapFactor == 0f || right.HeapFactor == 0f ? 0f : Math.Max(left.HeapFactor, right.HeapFactor),
        };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(K, nameof(K));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(QueryTerms, nameof(QueryTerms));
        if (!(float.IsFinite(HeapFactor) && HeapFactor >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(HeapFactor), HeapFactor, "HeapFactor must be a finite, non-negative number.");
        }
    }
}
