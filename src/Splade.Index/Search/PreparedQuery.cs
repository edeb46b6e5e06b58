using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>The query of one search, prepared once for every segment and every scorer: the sparse vector (or the dense one),
/// k, the filter, the approximate knobs, and the sparse query scattered over the 16-bit vocabulary.</summary>
/// <remarks>
/// <para>
/// Exact scores are computed here, once for every algorithm: the dot product with the document's forward vector summed in
/// ascending term order, as a brute-force scan sums it, so every algorithm's scores agree bit for bit. In a segment that stores
/// 16-bit terms the sum gathers the scattered query at the document's terms (a term the query lacks adds a zero product, which
/// leaves a float sum as it was); otherwise it merges the two sorted vectors.
/// </para>
/// <para>The scattered array is the thread's own (a search runs on one thread) and is cleared on <see cref="Dispose"/>, touching only
/// the query's terms.</para>
/// </remarks>
internal sealed class PreparedQuery : IDisposable
{
    /// <summary>The vocabulary the scattered query covers: every 16-bit term.</summary>
    public const int ScatteredLength = ushort.MaxValue + 1;

    [ThreadStatic]
    private static float[]? t_scattered;

    private readonly float[] _scattered;
    private readonly float[]? _dense;
    private bool _disposed;

    private PreparedQuery(SparseVector vector, float[]? dense, SearchOptions options, ApproximateSearchOptions approximate)
    {
        Vector = vector;
        _dense = dense;
        K = options.K;
        Filter = options.Filter;
        Approximate = approximate with { K = options.K };
        // A thread that prepares a second query before disposing the first gets an array of its own.
        _scattered = t_scattered ?? new float[ScatteredLength];
        t_scattered = null;
        DenseQueryKernels.Scatter(vector, _scattered);
    }

    /// <summary>The sparse query (empty for a dense search).</summary>
    public SparseVector Vector { get; }

    public int K { get; }

    public MetadataFilter? Filter { get; }

    /// <summary>The approximate knobs, with <see cref="ApproximateSearchOptions.K"/> set to <see cref="K"/>.</summary>
    public ApproximateSearchOptions Approximate { get; }

    /// <summary>The sparse query's weights at its terms below 65,536, zero elsewhere.</summary>
    public ReadOnlySpan<float> Scattered => _scattered;

    /// <summary>The dense query of a dense search; empty for a sparse one.</summary>
    public ReadOnlySpan<float> Dense => _dense;

    /// <summary>Prepares a sparse search.</summary>
    public static PreparedQuery Sparse(SparseVector vector, SearchOptions options, ApproximateSearchOptions approximate)
        => new(vector, null, options, approximate);

    /// <summary>Prepares a dense search.</summary>
    public static PreparedQuery DenseSearch(ReadOnlySpan<float> dense, SearchOptions options)
        => new(SparseVector.Empty, dense.ToArray(), options, ApproximateSearchOptions.Default);

    /// <summary>The exact score of document <paramref name="ordinal"/> of <paramref name="segment"/>.</summary>
    public float ExactScore(Segment segment, int ordinal)
    {
        if (segment.NarrowTerms)
        {
            segment.GetForward(ordinal, out ReadOnlySpan<ushort> narrow, out var narrowValues);
            return DenseQueryKernels.OrderedDot(_scattered, narrow, narrowValues);
        }

        segment.GetForward(ordinal, out ReadOnlySpan<uint> indices, out var values);
        return SparseKernels.Dot(Vector.Indices, Vector.Values, indices, values);
    }

    /// <summary>Clears the scattered query and gives the array back to the thread.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DenseQueryKernels.Clear(Vector, _scattered);
        t_scattered = _scattered;
    }
}
