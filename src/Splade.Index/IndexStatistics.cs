using Splade.Index.Approximate;

namespace Splade.Index;

/// <summary>A summary of an index's contents and storage.</summary>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record IndexStatistics
{
    /// <summary>The number of live (searchable) documents.</summary>
    public int Documents { get; init; }

    /// <summary>The number of deleted or replaced documents whose space a merge has not yet reclaimed.</summary>
    public int DeletedDocuments { get; init; }

    /// <summary>The number of sealed segments.</summary>
    public int Segments { get; init; }

    /// <summary>The number of documents buffered in memory and not yet sealed into a segment.</summary>
    public int BufferedDocuments { get; init; }

    /// <summary>The number of distinct terms across segments (a term present in two segments counts twice).</summary>
    public long Terms { get; init; }

    /// <summary>The total number of postings (non-zero document weights) across segments.</summary>
    public long Postings { get; init; }

    /// <summary>The bytes the segments occupy (on disk for a persistent index).</summary>
    public long SegmentBytes { get; init; }

    /// <summary>The dimension of the dense vectors, or 0 when no document has one.</summary>
    public int DenseDimension { get; init; }

    /// <summary>How the index stores dense vectors, fixed when it was created.</summary>
    public DensePrecision DensePrecision { get; init; }

    /// <summary>The number of sealed segments that have an approximate index.</summary>
    public int ApproximateSegments { get; init; }

    /// <summary>The build knobs of the approximate indexes, or null when the index builds none.</summary>
    public ApproximateIndexOptions? Approximate { get; init; }

    /// <summary>The tuned approximate query knobs, or null when never tuned (searches then use <see cref="ApproximateSearchOptions.Default"/>).</summary>
    public ApproximateSearchOptions? ApproximateSearch { get; init; }

    /// <summary>The recall the tuned knobs measured on their tuning sample, or null when never tuned.</summary>
    public double? ApproximateTunedRecall { get; init; }

    /// <summary>The recall the approximate tuning aimed at, or null when never tuned.</summary>
    public double? ApproximateTargetRecall { get; init; }

    /// <summary>Whether tuning found that approximate search cannot reach <see cref="ApproximateTargetRecall"/> faster than exact
    /// search, so that searches run exactly unless they ask for <see cref="SearchAlgorithm.Approximate"/>.</summary>
    public bool ApproximateSearchesExactly { get; init; }
}
