namespace Splade.Retrieval.Evaluation;

/// <summary>The one percentile definition behind every latency figure (evaluation reports, <c>splade search</c>, the benchmarks).</summary>
/// <remarks>Nearest rank: the <c>p</c>-th percentile of <c>n</c> sorted values is the value at rank <c>ceil(p * n)</c> (1-based), so it
/// is always one of the measured values; rank 0 is read as rank 1.
/// <para>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</para>
/// </remarks>
public static class Percentile
{
    /// <summary>The nearest-rank percentile of values already sorted in ascending order; 0 when there are none.</summary>
    /// <param name="sorted">The values, ascending.</param>
    /// <param name="fraction">The percentile as a fraction, in [0, 1] (0.99 for p99).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is outside [0, 1].</exception>
    public static double OfSorted(ReadOnlySpan<double> sorted, double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The percentile must be a fraction in [0, 1].");
        }

        if (sorted.IsEmpty)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
