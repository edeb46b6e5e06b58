namespace Splade.Index.Approximate;

/// <summary>The flat arrays of an <see cref="ApproximateIndex"/>, as built, written and read.</summary>
/// <param name="TermBlockStarts">Per term, the first of its blocks; one extra entry closes the last term's range.</param>
/// <param name="BlockDocStarts">Per block, the first of its entries in <paramref name="BlockDocs"/>; one extra closing entry.</param>
/// <param name="BlockDocs">The ordinals of every block's documents, block after block, ascending within a block, packed.</param>
/// <param name="BlockSummaryStarts">Per block, the first of its summary entries; one extra closing entry.</param>
/// <param name="SummaryTerms">The summary entries' term indices, in no particular order within a block.</param>
/// <param name="SummaryLevels">The summary entries' 4-bit quantized weights; a level times the block's scale bounds the weight from above.</param>
/// <param name="BlockScales">Per block, the weight of one quantization level.</param>
internal sealed record ApproximateIndexLayout(
    int[] TermBlockStarts,
    int[] BlockDocStarts,
    PackedOrdinals BlockDocs,
    int[] BlockSummaryStarts,
    ushort[] SummaryTerms,
    PackedLevels SummaryLevels,
    float[] BlockScales);
