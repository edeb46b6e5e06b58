using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A <see cref="MetadataFilter"/> bound to one segment: answers for a document by its ordinal.</summary>
/// <remarks>Bound once per segment and search (<see cref="Bind"/>); scorers ask it only about documents that would enter the top k
/// (exact search) or that the approximate index visits.</remarks>
internal abstract class SegmentFilter
{
    /// <summary>Whether document <paramref name="ordinal"/> of the segment matches.</summary>
    public abstract bool Matches(int ordinal);

    /// <summary>Binds <paramref name="filter"/> to <paramref name="segment"/>.</summary>
    public static SegmentFilter Bind(MetadataFilter filter, Segment segment) => new JsonSegmentFilter(filter, segment);

    /// <summary>Evaluates the filter on the document's metadata JSON, parsed for each document asked about.</summary>
    private sealed class JsonSegmentFilter(MetadataFilter filter, Segment segment) : SegmentFilter
    {
        public override bool Matches(int ordinal) => filter.Matches(segment.GetMetadata(ordinal));
    }
}
