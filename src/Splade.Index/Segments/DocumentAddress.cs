namespace Splade.Index.Segments;

/// <summary>Where a live document is: its segment and ordinal.</summary>
internal readonly record struct DocumentAddress(Segment Segment, int Ordinal);
