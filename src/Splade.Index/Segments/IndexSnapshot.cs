using Splade.Index.Writing;

namespace Splade.Index.Segments;

/// <summary>An immutable view of the whole index at one moment; searches read one snapshot from start to end.</summary>
/// <remarks>
/// A snapshot holds a reference on each of its segments, so that a segment the writer has since merged away or replaced stays open
/// while a search that began before still reads it. Its own references are counted the same way: the
/// <see cref="CurrentSnapshot"/> that publishes it holds one, and each reader retains it for the length of one read
/// (<see cref="CurrentSnapshot.Acquire"/>); the last release lets go of the segments.
/// </remarks>
internal sealed class IndexSnapshot
{
    private ReferenceCount _references = new();

    /// <summary>Creates a snapshot holding one reference (its publisher's) and a reference on each segment.</summary>
    public IndexSnapshot(SegmentView[] segments, int denseDimension, DensePrecision densePrecision, ApproximateSettings? approximate)
    {
        Segments = segments;
        DenseDimension = denseDimension;
        DensePrecision = densePrecision;
        Approximate = approximate;
        foreach (var view in segments)
        {
            view.Segment.Retain();
        }
    }

    public SegmentView[] Segments { get; }

    public int DenseDimension { get; }

    /// <summary>How the index stores dense vectors, fixed when it was created.</summary>
    public DensePrecision DensePrecision { get; }

    /// <summary>How sealed segments build approximate indexes, and the tuned query knobs; null when the index builds none.</summary>
    public ApproximateSettings? Approximate { get; }

    public int LiveCount
    {
        get
        {
            var total = 0;
            foreach (var view in Segments)
            {
                total += view.Live.LiveCount;
            }

            return total;
        }
    }

    /// <summary>Takes a reference; false once the snapshot has been released for good (a newer one is current by then).</summary>
    public bool TryRetain() => _references.TryRetain();

    /// <summary>Gives a reference back; the last one releases the snapshot's segments.</summary>
    public void Release()
    {
        if (!_references.Release())
        {
            return;
        }

        foreach (var view in Segments)
        {
            view.Segment.Release();
        }
    }
}
