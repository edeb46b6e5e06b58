namespace Splade.Index.Approximate;

/// <summary>The flat arrays of an <see cref="ApproximateIndex"/> as a build produces them, before <see cref="ApproximateFile"/>
/// writes them as sections.</summary>
/// <param name="TermBlockStarts">Per term, the first of its blocks; one extra entry closes the last term's range.</param>
/// <param name="BlockDocStarts">Per block, the first of its entries in <paramref name="BlockDocs"/>; one extra closing entry.</param>
/// <param name="OrdinalWidth">Bytes per ordinal in <paramref name="BlockDocs"/>: 3, or 4 above 2^24 documents.</param>
/// <param name="BlockDocs">The ordinals of every block's documents, block after block, ascending within a block, packed
/// (<see cref="PackedOrdinals"/>, padding included).</param>
/// <param name="BlockSummaryStarts">Per block, the first of its summary entries; one extra closing entry.</param>
/// <param name="SummaryTerms">The summary entries' term indices, in no particular order within a block.</param>
/// <param name="SummaryLevels">The summary entries' 4-bit quantized weights (<see cref="PackedLevels"/>); a level times the block's
/// scale bounds the weight from above.</param>
/// <param name="BlockScales">Per block, the weight of one quantization level.</param>
internal sealed record ApproximateIndexLayout(
    int[] TermBlockStarts,
    int[] BlockDocStarts,
    int OrdinalWidth,
    byte[] BlockDocs,
    int[] BlockSummaryStarts,
    ushort[] SummaryTerms,
    byte[] SummaryLevels,
    float[] BlockScales)
{
    /// <summary>The block documents' ordinals, unpacked.</summary>
    public int[] Ordinals()
    {
        var packed = new PackedOrdinals(BlockDocs, OrdinalWidth);
        var ordinals = new int[packed.Count];
        for (var i = 0; i < ordinals.Length; i++)
        {
            ordinals[i] = packed[i];
        }

        return ordinals;
    }

    /// <summary>The summary entries' levels, unpacked.</summary>
    public byte[] Levels() => PackedLevels.Unpack(SummaryLevels, SummaryTerms.Length);
}
