using Splade.Core;
using Splade.Index.Segments;

namespace Splade.Index.Tests.Approximate;

/// <summary>In-memory segments of bare vectors (ids and insertion order are their positions), which approximate indexes are built
/// over in these tests.</summary>
internal static class TestSegments
{
    public static Segment Of(IEnumerable<SparseVector> documents) => SegmentBuilder.InMemory(documents);
}
