namespace Splade.Retrieval.Hybrid;

/// <summary>How <see cref="FusionMethod.Convex"/> brings sparse and dense scores onto a common scale before mixing them.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum ScoreNormalization
{
    /// <summary><c>(s - min) / (max - min)</c> over the candidate pool; a pool whose scores are all equal maps to 0.</summary>
    MinMax,

    /// <summary><c>(s - mean) / stddev</c> (population standard deviation) over the candidate pool; zero spread maps to 0.</summary>
    ZScore,
}
