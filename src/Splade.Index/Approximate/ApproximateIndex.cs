using System.Runtime.InteropServices;
using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>
/// An approximate top-k index over one segment's learned sparse vectors: statically pruned posting lists split into blocks of
/// similar documents, each block with a quantized summary that estimates its documents' best score, and exact re-scoring from the
/// segment's forward index.
/// </summary>
/// <remarks>
/// <para>
/// Exact dynamic pruning barely prunes on SPLADE vectors: their queries have dozens of terms with flat weights, so upper bounds
/// stay loose. This index trades a little recall for far less work. At build time every term keeps only its heaviest postings
/// (<see cref="ApproximateIndexOptions.PostingsPerTerm"/>), which are clustered into blocks of similar documents
/// (<see cref="ApproximateIndexOptions.BlockSize"/>). A block's summary is the per-term maximum over its documents, pruned to the
/// heaviest <see cref="ApproximateIndexOptions.SummaryEnergy"/> of its mass and at most
/// <see cref="ApproximateIndexOptions.MaxSummaryTerms"/> entries, and quantized to 4 bits.
/// </para>
/// <para>
/// A search takes the blocks of the query's heaviest terms (<see cref="ApproximateSearchOptions.QueryTerms"/>) best summary score
/// first and scores their documents exactly, each once, against the whole query. Once it holds k candidates it stops at the first
/// block whose summary score, times <see cref="ApproximateSearchOptions.HeapFactor"/>, cannot beat the k-th best.
/// </para>
/// <para>
/// The index is a part of its segment: its arrays are sections of the segment's <c>seg_N.apx</c> file (<see cref="ApproximateFile"/>),
/// read in place from the memory map, and it re-scores from the segment's own forward index. It is immutable and safe for
/// concurrent searches: each thread keeps its own scratch space. <see cref="ApproximateIndexBuilder"/> builds one.
/// </para>
/// </remarks>
internal sealed partial class ApproximateIndex
{
    /// <summary>The largest vocabulary the index supports: summaries store term indices in 16 bits.</summary>
    public const uint MaxDimension = ushort.MaxValue + 1;

    private readonly Segment _segment;
    private readonly ReadOnlyMemory<byte> _termBlockStarts, _blockDocStarts, _blockDocs, _blockSummaryStarts, _summaryTerms, _summaryLevels, _blockScales;

    internal ApproximateIndex(Segment segment, ApproximateIndexOptions buildOptions, int ordinalWidth, ApproximateSections sections)
    {
        _segment = segment;
        BuildOptions = buildOptions;
        OrdinalWidth = ordinalWidth;
        _termBlockStarts = sections.TermBlockStarts;
        _blockDocStarts = sections.BlockDocStarts;
        _blockDocs = sections.BlockDocs;
        _blockSummaryStarts = sections.BlockSummaryStarts;
        _summaryTerms = sections.SummaryTerms;
        _summaryLevels = sections.SummaryLevels;
        _blockScales = sections.BlockScales;
    }

    /// <summary>The options the index was built with.</summary>
    public ApproximateIndexOptions BuildOptions { get; }

    /// <summary>The segment the index covers and re-scores from.</summary>
    public Segment Segment => _segment;

    /// <summary>The number of documents (ordinals) covered.</summary>
    public int DocumentCount => _segment.DocumentCount;

    /// <summary>The vocabulary size: the segment's largest term plus one.</summary>
    public uint Dimension => _segment.Dimension;

    /// <summary>Bytes per stored block document ordinal: 3, or 4 above 2^24 documents.</summary>
    public int OrdinalWidth { get; }

    /// <summary>The number of blocks over all posting lists.</summary>
    public int BlockCount => _blockScales.Length / sizeof(float);

    /// <summary>The number of postings kept after static pruning.</summary>
    public long PostingCount => (_blockDocs.Length - PackedOrdinals.Padding) / OrdinalWidth;

    /// <summary>The number of (term, level) entries over all block summaries.</summary>
    public long SummaryEntryCount => _summaryTerms.Length / sizeof(ushort);

    /// <summary>The bytes of the index's own arrays, excluding the segment's forward index.</summary>
    public long MemoryBytes
        => _termBlockStarts.Length + _blockDocStarts.Length + _blockDocs.Length + _blockSummaryStarts.Length + _summaryTerms.Length
            + _summaryLevels.Length + _blockScales.Length;

    /// <summary>A copy of the index's arrays; tests inspect the structure through it.</summary>
    internal ApproximateIndexLayout Layout => new(
        MemoryMarshal.Cast<byte, int>(_termBlockStarts.Span).ToArray(),
        MemoryMarshal.Cast<byte, int>(_blockDocStarts.Span).ToArray(),
        OrdinalWidth,
        _blockDocs.ToArray(),
        MemoryMarshal.Cast<byte, int>(_blockSummaryStarts.Span).ToArray(),
        MemoryMarshal.Cast<byte, ushort>(_summaryTerms.Span).ToArray(),
        _summaryLevels.ToArray(),
        MemoryMarshal.Cast<byte, float>(_blockScales.Span).ToArray());

    /// <summary>Whether an approximate index can cover <paramref name="segment"/>: weights non-negative and terms below
    /// <see cref="MaxDimension"/> (so stored as u16). A segment that cannot is searched exactly; the engine still answers every query.</summary>
    public static bool Supports(Segment segment)
    {
        if (segment.DocumentCount == 0 || segment.TermCount == 0 || segment.Terms[^1] >= MaxDimension || !segment.NarrowTerms)
        {
            return false;
        }

        foreach (var weight in segment.TermMinWeights)
        {
            if (weight < 0f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index's arrays, cast once per search (<see cref="Views"/>).</summary>
    private Spans Views() => new(
        MemoryMarshal.Cast<byte, int>(_termBlockStarts.Span),
        MemoryMarshal.Cast<byte, int>(_blockDocStarts.Span),
        new PackedOrdinals(_blockDocs.Span, OrdinalWidth),
        MemoryMarshal.Cast<byte, int>(_blockSummaryStarts.Span),
        MemoryMarshal.Cast<byte, ushort>(_summaryTerms.Span),
        _summaryLevels.Span,
        MemoryMarshal.Cast<byte, float>(_blockScales.Span));

    /// <summary>The arrays of <see cref="ApproximateIndex"/> as spans, taken once per search so that the loops index plain spans.</summary>
    private readonly ref struct Spans(
        ReadOnlySpan<int> termBlockStarts,
        ReadOnlySpan<int> blockDocStarts,
        PackedOrdinals blockDocs,
        ReadOnlySpan<int> blockSummaryStarts,
        ReadOnlySpan<ushort> summaryTerms,
        ReadOnlySpan<byte> summaryLevels,
        ReadOnlySpan<float> blockScales)
    {
        public ReadOnlySpan<int> TermBlockStarts { get; } = termBlockStarts;

        public ReadOnlySpan<int> BlockDocStarts { get; } = blockDocStarts;

        public PackedOrdinals BlockDocs { get; } = blockDocs;

        public ReadOnlySpan<int> BlockSummaryStarts { get; } = blockSummaryStarts;

        public ReadOnlySpan<ushort> SummaryTerms { get; } = summaryTerms;

        public ReadOnlySpan<byte> SummaryLevels { get; } = summaryLevels;

        public ReadOnlySpan<float> BlockScales { get; } = blockScales;
    }
}
