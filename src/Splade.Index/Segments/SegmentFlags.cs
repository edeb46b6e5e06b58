namespace Splade.Index.Segments;

/// <summary>Per-document bits in the documents file: which optional fields are present.</summary>
internal static class SegmentFlags
{
    public const byte HasMetadata = 1;
    public const byte HasText = 2;
}
