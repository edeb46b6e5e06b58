using Splade.Index.Filters;

namespace Splade.Retrieval.Hybrid;

/// <summary>Knobs of two-stage retrieval: how deep the sparse first stage goes and how its candidates are reranked.</summary>
/// <remarks>
/// <para><see cref="FirstStageDepth"/> (N) is the number of first-stage documents the dense model rescores; the result
/// is always a reordering of those N. Larger N recovers more of what the first stage ranked low, at N dense dot
/// products per query.</para>
/// <para>With <see cref="Fusion"/> null the N candidates are ordered by dense similarity alone. With a
/// <see cref="FusionOptions"/> they are ordered by fusing their first-stage score (and rank) with the dense score
/// (and rank within the N), which keeps the first stage's evidence.</para>
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record TwoStageOptions
{
    /// <summary>How many first-stage documents to rerank, at least <see cref="K"/>. Default 100.</summary>
    public int FirstStageDepth { get; init; } = 100;

    /// <summary>How many reranked results to return, at least 1. Default 10.</summary>
    public int K { get; init; } = 10;

    /// <summary>How to combine first-stage and dense scores; null orders by dense similarity alone. Default null.</summary>
    /// <remarks>Without fusion, a candidate that has no dense vector has no dense score to be ordered by and is left out.</remarks>
    public FusionOptions? Fusion { get; init; }

    /// <summary>A metadata filter the first stage applies, so every candidate and every hit passes it; null for none.</summary>
    /// <remarks>Set it here, not on <see cref="Fusion"/>: <see cref="Validate"/> refuses a filter there.</remarks>
    public MetadataFilter? Filter { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first knob that is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(K, 1, nameof(K));
        if (FirstStageDepth < K)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstStageDepth), FirstStageDepth, $"FirstStageDepth must be at least K ({K}).");
        }

        Fusion?.Validate();
        if (Fusion?.Filter is not null)
        {
            throw new ArgumentException(
                "Two-stage search filters its first stage: set TwoStageOptions.Filter, not TwoStageOptions.Fusion.Filter.", nameof(Fusion));
        }
    }
}
