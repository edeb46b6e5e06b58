namespace Splade.Index.Approximate;

/// <summary>The build-time knobs of an <see cref="ApproximateIndex"/>; docs/approximate.md explains what each one trades.</summary>
/// <remarks>
/// The defaults suit SPLADE-like collections of about a million documents. Larger collections want more postings per term;
/// <see cref="ApproximateIndex.Tune"/> adjusts the query-time knobs for a target recall once the index is built.
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record ApproximateIndexOptions
{
    /// <summary>The default options.</summary>
    public static ApproximateIndexOptions Default { get; } = new();

    /// <summary>
    /// Options that keep every posting, so that with <see cref="ApproximateSearchOptions.Exhaustive"/> the index returns exactly what brute force does.
    /// </summary>
    public static ApproximateIndexOptions Lossless { get; } = new() { PostingsPerTerm = int.MaxValue, SummaryEnergy = 1f, MaxSummaryTerms = int.MaxValue };

    /// <summary>Static pruning (lambda): each term keeps only its heaviest postings, at most this many. Must be positive.</summary>
    public int PostingsPerTerm { get; init; } = 1500;

    /// <summary>The average number of documents per block (a posting list of n documents is clustered into n / BlockSize blocks). Must be positive.</summary>
    public int BlockSize { get; init; } = 32;

    /// <summary>Summary pruning (alpha): the fraction of a block summary's L1 mass kept, heaviest entries first. In (0, 1].</summary>
    public float SummaryEnergy { get; init; } = 0.4f;

    /// <summary>
    /// A cap on a block summary's entries after <see cref="SummaryEnergy"/> pruning (exceeded only by entries that tie at the lowest
    /// kept level): it bounds the summaries' memory. Must be positive.
    /// </summary>
    public int MaxSummaryTerms { get; init; } = 64;

    /// <summary>How many of a document's heaviest terms the clustering compares; more terms cluster better and build slower. Must be positive.</summary>
    public int ClusteringTerms { get; init; } = 12;

    /// <summary>The seed of the clustering's random centroid choice; the same seed and input build the same index.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>The number of threads that build posting lists concurrently; zero means one per processor.</summary>
    public int BuildThreads { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PostingsPerTerm, nameof(PostingsPerTerm));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BlockSize, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ClusteringTerms, nameof(ClusteringTerms));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSummaryTerms, nameof(MaxSummaryTerms));
        ArgumentOutOfRangeException.ThrowIfNegative(BuildThreads, nameof(BuildThreads));
        if (!(SummaryEnergy > 0f && SummaryEnergy <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(SummaryEnergy), SummaryEnergy, "SummaryEnergy must be in (0, 1].");
        }
    }
}
