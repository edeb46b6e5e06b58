using Splade.Index.Approximate;
using Splade.Index.Filters;

namespace Splade.Index;

/// <summary>The knobs of one search.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record SearchOptions
{
    /// <summary>The largest <see cref="K"/> accepted.</summary>
    public const int MaxK = 10_000;

    /// <summary>The number of hits to return, from 1 to <see cref="MaxK"/>.</summary>
    public int K { get; init; } = 10;

    /// <summary>An optional metadata filter; only matching documents are returned, and still up to <see cref="K"/> of them.</summary>
    public MetadataFilter? Filter { get; init; }

    /// <summary>
    /// The algorithm to use; <see cref="SearchAlgorithm.Auto"/> chooses approximate search when every sealed segment has an approximate index, otherwise an
    /// exact algorithm by collection size.
    /// </summary>
    /// <remarks>Any exact algorithm forces exact search on an approximate index.</remarks>
    public SearchAlgorithm Algorithm { get; init; } = SearchAlgorithm.Auto;

    /// <summary>
    /// The query knobs of approximate search; null uses the index's tuned knobs (<see cref="SparseIndex.TuneApproximate"/>), or the defaults when never tuned.
    /// Its <see cref="ApproximateSearchOptions.K"/> is ignored: <see cref="K"/> applies.
    /// </summary>
    public ApproximateSearchOptions? Approximate { get; init; }
}
