namespace Splade.Index.Approximate;

/// <summary>
/// Read access to a collection's document vectors by ordinal: the input the approximate index is built from and the source of its exact re-scoring.
/// </summary>
/// <remarks>
/// An ordinal is a document's position in a segment, from zero to <see cref="DocumentCount"/> minus one. For each ordinal the
/// forward index returns the document's non-zero terms, strictly increasing, and one weight per term. The spans must stay valid
/// and unchanged while the approximate index that reads them is alive: a segment's forward index is immutable.
/// </remarks>
internal interface IForwardIndex
{
    /// <summary>The number of documents; ordinals run from zero to this count minus one.</summary>
    int DocumentCount { get; }

    /// <summary>The vocabulary size: every term index is below it.</summary>
    uint Dimension { get; }

    /// <summary>The strictly increasing term indices of document <paramref name="ordinal"/>; the approximate index covers vocabularies
    /// of at most <see cref="ApproximateIndex.MaxDimension"/> terms, so they are u16, as a segment's forward index stores them.</summary>
    ReadOnlySpan<ushort> Indices(int ordinal);

    /// <summary>The weights of document <paramref name="ordinal"/>, one per entry of <see cref="Indices(int)"/>.</summary>
    ReadOnlySpan<float> Values(int ordinal);

    /// <summary>Hints that the row of document <paramref name="ordinal"/> will be read soon, so that finding where it starts can
    /// begin now; it changes no result. Re-scoring asks this for a block's documents before it reads their rows: each lookup of a
    /// row's start is otherwise a cache miss paid before the row itself can be prefetched.</summary>
    internal void PrefetchRowStart(int ordinal)
    {
    }
}
