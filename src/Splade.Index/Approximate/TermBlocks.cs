namespace Splade.Index.Approximate;

/// <summary>One term's finished blocks before they are concatenated into the index's flat arrays.</summary>
/// <param name="DocCounts">Per block, its number of documents.</param>
/// <param name="Documents">The blocks' ordinals, block after block.</param>
/// <param name="SummaryCounts">Per block, its number of summary entries.</param>
/// <param name="SummaryTerms">The summaries' term indices, block after block.</param>
/// <param name="SummaryLevels">The summaries' quantized weights.</param>
/// <param name="Scales">Per block, the weight of one quantization level.</param>
internal sealed record TermBlocks(int[] DocCounts, int[] Documents, int[] SummaryCounts, ushort[] SummaryTerms, byte[] SummaryLevels, float[] Scales)
{
    public static TermBlocks Empty { get; } = new([], [], [], [], [], []);
}
