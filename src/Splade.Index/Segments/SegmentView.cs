namespace Splade.Index.Segments;

/// <summary>A segment as one snapshot sees it: the immutable segment plus its live-documents generation.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Live">Which of its documents are live in this snapshot.</param>
/// <param name="LiveGeneration">The persisted generation of <paramref name="Live"/> (0: none written, all documents live when committed).</param>
/// <param name="Persisted">Whether the segment's files are in the index directory (false: buffered in memory, covered by the write-ahead log).</param>
/// <param name="LiveDirty">Whether <paramref name="Live"/> has changed since <paramref name="LiveGeneration"/> was written.</param>
internal sealed record SegmentView(Segment Segment, LiveDocuments Live, int LiveGeneration, bool Persisted, bool LiveDirty);
