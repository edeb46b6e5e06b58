using Splade.Index.Approximate;

namespace Splade.Server.Storage;

/// <summary>A sparse vector's approximate index (docs/approximate.md): the build knobs each sealed segment of its engine index is
/// built with, and the query knobs its searches use unless a request gives its own. Stored in the collection's config.json, so
/// every replica of a shard, and every replica rebuilt by copying, searches the same way.</summary>
internal sealed record ApproximateConfig
{
    /// <summary>Static pruning: each term keeps at most this many of its heaviest postings (at least 1).</summary>
    public int PostingsPerTerm { get; init; } = ApproximateIndexOptions.Default.PostingsPerTerm;

    /// <summary>The average number of documents per block (at least 1).</summary>
    public int BlockSize { get; init; } = ApproximateIndexOptions.Default.BlockSize;

    /// <summary>The share of a block summary's L1 mass kept, in (0, 1].</summary>
    public float SummaryEnergy { get; init; } = ApproximateIndexOptions.Default.SummaryEnergy;

    /// <summary>A cap on a block summary's entries (at least 1).</summary>
    public int MaxSummaryTerms { get; init; } = ApproximateIndexOptions.Default.MaxSummaryTerms;

    /// <summary>How many of a document's heaviest terms the clustering compares (at least 1).</summary>
    public int ClusteringTerms { get; init; } = ApproximateIndexOptions.Default.ClusteringTerms;

    /// <summary>The seed of the clustering's centroid choice.</summary>
    public int Seed { get; init; } = ApproximateIndexOptions.Default.Seed;

    /// <summary>Query cut: only the query's heaviest terms, at most this many, select candidate blocks (at least 1).</summary>
    public int QueryTerms { get; init; } = ApproximateSearchOptions.Default.QueryTerms;

    /// <summary>Block skipping: the search stops at the first block whose summary score times this is below the k-th best score;
    /// 0 never stops (finite, at least 0).</summary>
    public float HeapFactor { get; init; } = ApproximateSearchOptions.Default.HeapFactor;

    /// <summary>The engine's build knobs.</summary>
    public ApproximateIndexOptions ToIndexOptions() => new()
    {
        PostingsPerTerm = PostingsPerTerm,
        BlockSize = BlockSize,
        SummaryEnergy = SummaryEnergy,
        MaxSummaryTerms = MaxSummaryTerms,
        ClusteringTerms = ClusteringTerms,
        Seed = Seed,
    };

    /// <summary>The engine's query knobs: the request's where it gives them, else these.</summary>
    public ApproximateSearchOptions ToSearchOptions(SearchParams? request) => new()
    {
        QueryTerms = request?.QueryTerms ?? QueryTerms,
        HeapFactor = request?.HeapFactor ?? HeapFactor,
    };
}
