using Splade.Index.Approximate;

namespace Splade.Index.Writing;

/// <summary>
/// The approximate-search settings an index keeps in its commit: how sealed segments build their approximate index, and the tuned query knobs.
/// </summary>
/// <param name="Build">The build knobs every sealed segment uses (<see cref="ApproximateIndexOptions.BuildThreads"/> is not kept).</param>
/// <param name="Tuned">The query knobs <see cref="SparseIndex.TuneApproximate"/> chose, or null when never tuned.</param>
/// <param name="TunedRecall">The recall the tuned knobs measured on the tuning sample.</param>
internal sealed record ApproximateSettings(ApproximateIndexOptions Build, ApproximateSearchOptions? Tuned, double? TunedRecall)
{
    /// <summary>The recall the tuning aimed at, or null when never tuned.</summary>
    public double? TargetRecall { get; init; }

    /// <summary>Whether the tuning found that approximate search cannot reach <see cref="TargetRecall"/> faster than exact search, so
    /// that searches which leave the algorithm to the index run exactly.</summary>
    public bool Exact { get; init; }
}
