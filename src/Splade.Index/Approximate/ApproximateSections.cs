namespace Splade.Index.Approximate;

/// <summary>The array sections of an approximate index file (docs/FORMAT.md), as slices of the file's bytes.</summary>
internal sealed record ApproximateSections(
    ReadOnlyMemory<byte> TermBlockStarts,
    ReadOnlyMemory<byte> BlockDocStarts,
    ReadOnlyMemory<byte> BlockDocs,
    ReadOnlyMemory<byte> BlockSummaryStarts,
    ReadOnlyMemory<byte> SummaryTerms,
    ReadOnlyMemory<byte> SummaryLevels,
    ReadOnlyMemory<byte> BlockScales);
