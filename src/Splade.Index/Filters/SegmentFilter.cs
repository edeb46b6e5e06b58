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
    public static SegmentFilter Bind(MetadataFilter filter, Segment segment)
    {
        var metadata = segment.Documents.TypedMetadata;
        return new TypedSegmentFilter(filter.Compile(metadata), metadata);
    }

    /// <summary>Evaluates the filter compiled against the segment's typed metadata: no JSON is parsed.</summary>
    private sealed class TypedSegmentFilter(CompiledFilter filter, TypedMetadata metadata) : SegmentFilter
    {
        public override bool Matches(int ordinal) => filter.Matches(metadata.Root(ordinal));
    }
}
