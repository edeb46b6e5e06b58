using Splade.Index.Approximate;

namespace Splade.Index.Writing;

/// <summary>
/// The approximate-search settings an index keeps in its commit: how sealed segments build their approximate index, and the tuned query knobs.
/// </summary>
/// <param name="Build">The build knobs every sealed segment uses (<see cref="ApproximateIndexOptions.BuildThreads"/> is not kept).</param>
/// <param name="Tuned">The query knobs <see cref="SparseIndex.TuneApproximate"/> chose, or null when never tuned.</param>
/// <param name="TunedRecall">The recall the tuned knobs measured on the tuning sample.</param>
internal sealed record ApproximateSettings(ApproximateIndexOptions Build, ApproximateSearchOptions? Tuned, double? TunedRecall);
