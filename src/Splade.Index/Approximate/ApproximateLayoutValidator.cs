namespace Splade.Index.Approximate;

/// <summary>Checks a read layout's internal consistency, so that a damaged file that still passes its checksum cannot index out of range.</summary>
internal static class ApproximateLayoutValidator
{
    public static void Validate(ApproximateIndexLayout layout, uint dimension, int documentCount)
    {
        var blockCount = layout.BlockScales.Length;
        CheckOffsets(layout.TermBlockStarts, blockCount, "term block starts");
        CheckOffsets(layout.BlockDocStarts, layout.BlockDocs.Count, "block document starts");
        CheckOffsets(layout.BlockSummaryStarts, layout.SummaryTerms.Length, "block summary starts");
        for (var i = 0; i < layout.BlockDocs.Count; i++)
        {
            if ((uint)layout.BlockDocs[i] >= (uint)documentCount)
            {
                throw new ApproximateIndexCorruptedException(
                    $"Block document entry {i} is ordinal {layout.BlockDocs[i]}, outside the {documentCount} documents.");
            }
        }

        for (var i = 0; i < layout.SummaryTerms.Length; i++)
        {
            if (layout.SummaryTerms[i] >= dimension)
            {
                throw new ApproximateIndexCorruptedException($"Summary entry {i} has term {layout.SummaryTerms[i]}, beyond the dimension {dimension}.");
            }
        }

        for (var i = 0; i < blockCount; i++)
        {
            if (!(float.IsFinite(layout.BlockScales[i]) && layout.BlockScales[i] > 0f))
            {
                throw new ApproximateIndexCorruptedException($"Block {i} has scale {layout.BlockScales[i]}; scales must be finite and positive.");
            }
        }
    }

    private static void CheckOffsets(int[] offsets, int end, string what)
    {
        if (offsets[0] != 0 || offsets[^1] != end)
        {
            throw new ApproximateIndexCorruptedException($"The {what} run from {offsets[0]} to {offsets[^1]} instead of 0 to {end}.");
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                throw new ApproximateIndexCorruptedException($"The {what} decrease at entry {i} ({offsets[i - 1]} then {offsets[i]}).");
            }
        }
    }
}
