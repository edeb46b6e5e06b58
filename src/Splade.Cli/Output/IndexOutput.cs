using Splade.Index;

namespace Splade.Cli.Output;

/// <summary>What <c>splade index build</c> prints.</summary>
internal sealed record IndexBuildOutput(long Documents, bool Approximate, DensePrecision DensePrecision, int Segments, long Bytes, double Seconds)
{
    public ApproximateTuningOutput? Tuning { get; init; }
}

/// <summary>How approximate search was tuned at build time.</summary>
internal sealed record ApproximateTuningOutput(int Queries, double TargetRecall, double Recall, bool ReachedTarget, int QueryTerms, float HeapFactor)
{
    /// <summary>Whether the index searches exactly: the target was not reached, or approximate search was not faster.</summary>
    public bool SearchesExactly { get; init; }
}

/// <summary>What <c>splade index add</c> prints.</summary>
internal sealed record IndexAddOutput(long Upserted, int Documents);

/// <summary>What <c>splade index delete</c> prints.</summary>
internal sealed record IndexDeleteOutput(int Requested, int Deleted, int Documents);
