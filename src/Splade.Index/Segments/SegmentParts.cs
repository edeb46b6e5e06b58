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

/// <summary>A Documents file's sections in the current layout; <paramref name="Typed"/> is null in files before format version 7,
/// whose metadata is typed when first filtered on (<see cref="Legacy.LegacySegmentFormat.TypeMetadata"/>).</summary>
internal sealed record DocumentsPart(
    ReadOnlyMemory<byte> Sequences,
    ReadOnlyMemory<byte> Flags,
    ReadOnlyMemory<byte> IdStarts,
    ReadOnlyMemory<byte> IdBytes,
    ReadOnlyMemory<byte> MetadataStarts,
    ReadOnlyMemory<byte> MetadataBytes,
    ReadOnlyMemory<byte> TextStarts,
    ReadOnlyMemory<byte> TextBytes,
    TypedMetadataPart? Typed);

/// <summary>The typed metadata sections of a Documents file (<see cref="TypedMetadata"/>).</summary>
internal sealed record TypedMetadataPart(
    ReadOnlyMemory<byte> NodeStarts,
    ReadOnlyMemory<byte> Heads,
    ReadOnlyMemory<byte> Values,
    ReadOnlyMemory<byte> Numbers,
    ReadOnlyMemory<byte> StringStarts,
    ReadOnlyMemory<byte> Chars,
    ReadOnlyMemory<byte> Dates);

/// <summary>A Dense file's sections in the current layout: rows, int8 scales (empty for float32) and values or codes.</summary>
internal sealed record DensePart(int Dimension, DensePrecision Precision, ReadOnlyMemory<byte> Rows, ReadOnlyMemory<byte> Scales, ReadOnlyMemory<byte> Values);
