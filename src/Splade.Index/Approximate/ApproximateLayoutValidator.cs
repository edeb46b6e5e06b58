using System.Runtime.InteropServices;

namespace Splade.Index.Approximate;

/// <summary>Checks a stored approximate index's arrays against each other and its segment, so that a damaged file that still passes
/// its checksum cannot index out of range.</summary>
internal static class ApproximateLayoutValidator
{
    public static void Validate(string name, ApproximateSections sections, int width, uint dimension, int documentCount)
    {
        var termBlockStarts = MemoryMarshal.Cast<byte, int>(sections.TermBlockStarts.Span);
        var blockDocStarts = MemoryMarshal.Cast<byte, int>(sections.BlockDocStarts.Span);
        var blockSummaryStarts = MemoryMarshal.Cast<byte, int>(sections.BlockSummaryStarts.Span);
        var summaryTerms = MemoryMarshal.Cast<byte, ushort>(sections.SummaryTerms.Span);
        var scales = MemoryMarshal.Cast<byte, float>(sections.BlockScales.Span);
        var blockCount = scales.Length;
        if (termBlockStarts.Length != dimension + 1 || blockDocStarts.Length != blockCount + 1 || blockSummaryStarts.Length != blockCount + 1)
        {
            throw new IndexCorruptedException(
                name, $"its block arrays disagree: {termBlockStarts.Length} term starts for {dimension} terms, {blockCount} blocks.");
        }

        CheckOffsets(name, termBlockStarts, blockCount, "term block starts");
        var postings = blockDocStarts[^1];
        if (postings < 0 || sections.BlockDocs.Length != PackedOrdinals.ByteCount(postings, width))
        {
            throw new IndexCorruptedException(name, $"its block documents take {sections.BlockDocs.Length} bytes where {postings} ordinals need more or less.");
        }

        CheckOffsets(name, blockDocStarts, postings, "block document starts");
        CheckOffsets(name, blockSummaryStarts, summaryTerms.Length, "block summary starts");
        if (sections.SummaryLevels.Length != PackedLevels.ByteCount(summaryTerms.Length))
        {
            throw new IndexCorruptedException(name, $"its summary levels take {sections.SummaryLevels.Length} bytes for {summaryTerms.Length} entries.");
        }

        var ordinals = new PackedOrdinals(sections.BlockDocs.Span, width);
        for (var i = 0; i < postings; i++)
        {
            if ((uint)ordinals[i] >= (uint)documentCount)
            {
                throw new IndexCorruptedException(name, $"block document entry {i} is ordinal {ordinals[i]}, outside the {documentCount} documents.");
            }
        }

        for (var i = 0; i < summaryTerms.Length; i++)
        {
            if (summaryTerms[i] >= dimension)
            {
                throw new IndexCorruptedException(name, $"summary entry {i} has term {summaryTerms[i]}, beyond the dimension {dimension}.");
            }
        }

        for (var i = 0; i < blockCount; i++)
        {
            if (!(float.IsFinite(scales[i]) && scales[i] > 0f))
            {
                throw new IndexCorruptedException(name, $"block {i} has scale {scales[i]}; scales must be finite and positive.");
            }
        }
    }

    private static void CheckOffsets(string name, ReadOnlySpan<int> offsets, int end, string what)
    {
        if (offsets[0] != 0 || offsets[^1] != end)
        {
            throw new IndexCorruptedException(name, $"its {what} run from {offsets[0]} to {offsets[^1]} instead of 0 to {end}.");
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                throw new IndexCorruptedException(name, $"its {what} decrease at entry {i} ({offsets[i - 1]} then {offsets[i]}).");
            }
        }
    }
}
