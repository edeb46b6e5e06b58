namespace Splade.Index.Segments;

/// <summary>A Postings file's sections in the current layout (docs/FORMAT.md), over the file's bytes or over a conversion of an
/// older layout.</summary>
internal sealed record PostingsPart(
    int DocumentCount,
    int TermCount,
    ReadOnlyMemory<byte> TierStarts,
    ReadOnlyMemory<byte> Terms,
    ReadOnlyMemory<byte> ChunkStarts,
    ReadOnlyMemory<byte> MaxWeights,
    ReadOnlyMemory<byte> MinWeights,
    ReadOnlyMemory<byte> Lows,
    ReadOnlyMemory<byte> Codes);

/// <summary>A Forward file's sections in the current layout: term indices as u16 (<paramref name="NarrowTerms"/>) or u32.</summary>
internal sealed record ForwardPart(ReadOnlyMemory<byte> Starts, ReadOnlyMemory<byte> Indices, ReadOnlyMemory<byte> Values, bool NarrowTerms);

/// <summary>A Documents file's sections in the current layout.</summary>
internal sealed record DocumentsPart(
    ReadOnlyMemory<byte> Sequences,
    ReadOnlyMemory<byte> Flags,
    ReadOnlyMemory<byte> IdStarts,
    ReadOnlyMemory<byte> IdBytes,
    ReadOnlyMemory<byte> MetadataStarts,
    ReadOnlyMemory<byte> MetadataBytes,
    ReadOnlyMemory<byte> TextStarts,
    ReadOnlyMemory<byte> TextBytes);

/// <summary>A Dense file's sections in the current layout: rows, int8 scales (empty for float32) and values or codes.</summary>
internal sealed record DensePart(int Dimension, DensePrecision Precision, ReadOnlyMemory<byte> Rows, ReadOnlyMemory<byte> Scales, ReadOnlyMemory<byte> Values);
