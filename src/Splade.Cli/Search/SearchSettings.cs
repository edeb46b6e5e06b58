using Splade.Index;
using Splade.Index.Filters;
using Splade.Retrieval.Hybrid;

namespace Splade.Cli.Search;

/// <summary>What one <c>splade search</c> asks for, once the command line is validated.</summary>
internal sealed record SearchSettings
{
    /// <summary>The hybrid candidate depth and two-stage first-stage depth when <c>--candidates</c> is not given (at least k).</summary>
    public const int DefaultCandidates = 100;

    public required SearchMode Mode { get; init; }

    public required int K { get; init; }

    public MetadataFilter? Filter { get; init; }

    public SearchAlgorithm Algorithm { get; init; }

    /// <summary>The fusion method: always set in hybrid mode; in two-stage mode null orders by dense similarity alone.</summary>
    public FusionMethod? Fusion { get; init; }

    public double? Alpha { get; init; }

    public double? RrfK { get; init; }

    public ScoreNormalization? Normalization { get; init; }

    public int? Candidates { get; init; }

    public bool Explain { get; init; }

    public bool NeedsSparse => Mode != SearchMode.Dense;

    public bool NeedsDense => Mode != SearchMode.Sparse;

    private int Depth => Candidates ?? Math.Max(DefaultCandidates, K);

    /// <summary>The library's options for hybrid mode.</summary>
    public FusionOptions HybridOptions() => FusionKnobs(Fusion ?? FusionMethod.ReciprocalRank) with { K = K, CandidateDepth = Depth, Filter = Filter };

    /// <summary>The library's options for two-stage mode.</summary>
    public TwoStageOptions TwoStageOptions() => new()
    {
        FirstStageDepth = Depth,
        K = K,
        Filter = Filter,
        Fusion = Fusion is { } method ? FusionKnobs(method) : null,
    };

    private FusionOptions FusionKnobs(FusionMethod method)
    {
        var defaults = new FusionOptions();
        return new FusionOptions
        {
            Method = method,
            Alpha = Alpha ?? defaults.Alpha,
            RrfK = RrfK ?? defaults.RrfK,
            Normalization = Normalization ?? defaults.Normalization,
        };
    }
}
