namespace Splade.Index.Approximate;

/// <summary>
/// An approximate top-k index over learned sparse vectors: statically pruned posting lists split into blocks of similar documents,
/// each block with a quantized summary that estimates its documents' best score, and exact re-scoring from the forward index.
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
/// The index is immutable once built or read, and safe for concurrent searches: each thread keeps its own scratch space. It
/// references the forward index it was built from and persists only its own structure (<see cref="Write"/>, <see cref="Read"/>).
/// Build one with <see cref="ApproximateIndexBuilder"/>.
/// </para>
/// </remarks>
internal sealed partial class ApproximateIndex
{
    /// <summary>The largest vocabulary the index supports: summaries store term indices in 16 bits.</summary>
    public const uint MaxDimension = ushort.MaxValue + 1;

    private readonly IForwardIndex _forward;
    private readonly int[] _termBlockStarts;
    private readonly int[] _blockDocStarts;
    private readonly PackedOrdinals _blockDocs;
    private readonly int[] _blockSummaryStarts;
    private readonly ushort[] _summaryTerms;
    private readonly PackedLevels _summaryLevels;
    private readonly float[] _blockScales;

    internal ApproximateIndex(IForwardIndex forward, ApproximateIndexOptions buildOptions, ApproximateIndexLayout layout)
    {
        _forward = forward;
        BuildOptions = buildOptions;
        _termBlockStarts = layout.TermBlockStarts;
        _blockDocStarts = layout.BlockDocStarts;
        _blockDocs = layout.BlockDocs;
        _blockSummaryStarts = layout.BlockSummaryStarts;
        _summaryTerms = layout.SummaryTerms;
        _summaryLevels = layout.SummaryLevels;
        _blockScales = layout.BlockScales;
    }

    /// <summary>The options the index was built with.</summary>
    public ApproximateIndexOptions BuildOptions { get; }

    /// <summary>The forward index the index re-scores from.</summary>
    public IForwardIndex Forward => _forward;

    /// <summary>The number of documents (ordinals) covered.</summary>
    public int DocumentCount => _forward.DocumentCount;

    /// <summary>The vocabulary size.</summary>
    public uint Dimension => _forward.Dimension;

    /// <summary>The number of blocks over all posting lists.</summary>
    public int BlockCount => _blockScales.Length;

    /// <summary>The number of postings kept after static pruning.</summary>
    public long PostingCount => _blockDocs.Count;

    /// <summary>The number of (term, level) entries over all block summaries.</summary>
    public long SummaryEntryCount => _summaryTerms.LongLength;

    /// <summary>The bytes held by the index's own arrays, excluding the forward index.</summary>
    public long MemoryBytes
        => ((long)_termBlockStarts.Length * sizeof(int))
            + ((long)_blockDocStarts.Length * sizeof(int))
            + _blockDocs.MemoryBytes
            + ((long)_blockSummaryStarts.Length * sizeof(int))
            + ((long)_summaryTerms.Length * sizeof(ushort))
            + _summaryLevels.Bytes.Length
            + ((long)_blockScales.Length * sizeof(float));

    internal ApproximateIndexLayout Layout
        => new(_termBlockStarts, _blockDocStarts, _blockDocs, _blockSummaryStarts, _summaryTerms, _summaryLevels, _blockScales);
}
