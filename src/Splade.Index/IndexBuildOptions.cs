using Splade.Core;

namespace Splade.Index;

/// <summary>Options of <see cref="SparseIndex.Build(string, IEnumerable{IndexDocument}, IndexBuildOptions?, IProgress{int}?)"/>: the
/// index's own options, and how an approximate index is tuned on the collection it is built from.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record IndexBuildOptions
{
    /// <summary>The built index's options; <see cref="IndexOptions.Approximate"/> set makes it build approximate indexes, tuned as
    /// below.</summary>
    public IndexOptions Index { get; init; } = new();

    /// <summary>The mean recall@<see cref="TuningK"/> against exact search that approximate search must reach, in (0, 1]. Default 0.95.</summary>
    public double TargetRecall { get; init; } = 0.95;

    /// <summary>Queries like the expected workload to tune on; null (the default) tunes on documents of the collection, sampled
    /// while it loads and held out of their own results.</summary>
    public IReadOnlyList<SparseVector>? TuningQueries { get; init; }

    /// <summary>How many documents are sampled as tuning queries when <see cref="TuningQueries"/> is null. Default 200.</summary>
    public int TuningSampleSize { get; init; } = 200;

    /// <summary>The number of results the recall is measured at. Default 10.</summary>
    public int TuningK { get; init; } = 10;
}
