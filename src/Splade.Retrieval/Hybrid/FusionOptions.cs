using Splade.Index.Filters;

namespace Splade.Retrieval.Hybrid;

/// <summary>Knobs of a hybrid search: the fusion method, its parameters, and how many results to keep.</summary>
/// <remarks>
/// <para><see cref="Alpha"/> is the weight of the dense side for <see cref="FusionMethod.Convex"/> and
/// <see cref="FusionMethod.Alpha"/>: 0 is sparse only, 1 is dense only. <see cref="RrfK"/> damps the influence of the
/// top ranks in reciprocal rank fusion; 60 is the value from the original RRF paper.</para>
/// <para><see cref="CandidateDepth"/> is how many documents each side retrieves before fusion; the fused list is drawn
/// from the union of both sides' candidates.</para>
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record FusionOptions
{
    /// <summary>The fusion method. Default: <see cref="FusionMethod.ReciprocalRank"/>.</summary>
    public FusionMethod Method { get; init; } = FusionMethod.ReciprocalRank;

    /// <summary>Weight of the dense side, in [0, 1]. Default 0.5.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>The <c>k</c> of reciprocal rank fusion, at least 0. Default 60.</summary>
    public double RrfK { get; init; } = 60;

    /// <summary>The normalisation used by <see cref="FusionMethod.Convex"/>. Default <see cref="ScoreNormalization.MinMax"/>.</summary>
    public ScoreNormalization Normalization { get; init; } = ScoreNormalization.MinMax;

    /// <summary>How many fused results to return, at least 1. Default 10.</summary>
    public int K { get; init; } = 10;

    /// <summary>How many candidates each side retrieves before fusion, at least <see cref="K"/>. Default 100.</summary>
    public int CandidateDepth { get; init; } = 100;

    /// <summary>A metadata filter both sides apply before fusion, so every candidate and every hit passes it; null for none.</summary>
    /// <remarks>A searcher whose corpus cannot filter refuses a non-null filter rather than ignore it.</remarks>
    public MetadataFilter? Filter { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first knob that is out of range.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0 && Alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in [0, 1] (0 = sparse only, 1 = dense only).");
        }

        if (!(RrfK >= 0) || double.IsInfinity(RrfK))
        {
            throw new ArgumentOutOfRangeException(nameof(RrfK), RrfK, "RrfK must be a finite number >= 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(K, 1, nameof(K));
        if (CandidateDepth < K)
        {
            throw new ArgumentOutOfRangeException(nameof(CandidateDepth), CandidateDepth, $"CandidateDepth must be at least K ({K}).");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown fusion method.");
        }

        if (!Enum.IsDefined(Normalization))
        {
            throw new ArgumentOutOfRangeException(nameof(Normalization), Normalization, "Unknown score normalisation.");
        }
    }
}
