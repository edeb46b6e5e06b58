namespace Splade.Index.Segments;

/// <summary>An immutable view of the whole index at one moment; searches read one snapshot from start to end.</summary>
internal sealed class IndexSnapshot(SegmentView[] segments, int denseDimension)
{
    public static IndexSnapshot Empty { get; } = new([], 0);

    public SegmentView[] Segments { get; } = segments;

    public int DenseDimension { get; } = denseDimension;

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
}
