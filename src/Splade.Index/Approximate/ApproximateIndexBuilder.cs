using Splade.Index.Segments;
using Splade.Index.Storage;

namespace Splade.Index.Approximate;

/// <summary>Builds the <see cref="ApproximateIndex"/> of a segment with the given options.</summary>
/// <remarks>
/// A build inverts the segment's forward index, then, one term at a time and on several threads, keeps each term's heaviest
/// postings, clusters them into blocks and summarizes every block. The result depends only on the segment's documents and the
/// options (including <see cref="ApproximateIndexOptions.Seed"/>), not on the number of threads.
/// </remarks>
internal sealed class ApproximateIndexBuilder
{
    /// <summary>Creates a builder.</summary>
    /// <param name="options">The build knobs; <see cref="ApproximateIndexOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A knob is out of range; the message names it.</exception>
    public ApproximateIndexBuilder(ApproximateIndexOptions? options = null)
    {
        Options = options ?? ApproximateIndexOptions.Default;
        Options.Validate();
    }

    /// <summary>The build knobs.</summary>
    public ApproximateIndexOptions Options { get; }

    /// <summary>Builds the index's file (<see cref="ApproximateFile"/>): what a segment stores as its <c>seg_N.apx</c>.</summary>
    /// <exception cref="ArgumentException">A document has a negative or non-finite weight; the message names the document and entry.</exception>
    /// <exception cref="NotSupportedException">The segment's terms reach <see cref="ApproximateIndex.MaxDimension"/>, or it has more
    /// postings than one array holds.</exception>
    public byte[] BuildFile(Segment segment, CancellationToken cancellationToken = default)
        => ApproximateFile.Write(BuildLayout(segment, cancellationToken), Options, segment);

    /// <summary>Builds the index of <paramref name="segment"/> in memory, read from its file's bytes as a stored one would be.</summary>
    public ApproximateIndex Build(Segment segment, CancellationToken cancellationToken = default)
    {
        var name = SegmentFiles.FileName(segment.Id, IndexFileKind.Approximate);
        return ApproximateFile.Read(new ArrayFileData(name, BuildFile(segment, cancellationToken)), segment);
    }

    private ApproximateIndexLayout BuildLayout(Segment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Dimension > ApproximateIndex.MaxDimension || (segment.ForwardValues.Length > 0 && !segment.NarrowTerms))
        {
            throw new NotSupportedException(
                $"Segment {segment.Id} has term {segment.Dimension - 1}; the approximate index supports terms below {ApproximateIndex.MaxDimension}.");
        }

        var inversion = PostingInversion.Invert(segment, cancellationToken);
        var sketches = DocumentSketches.Create(segment, Options.ClusteringTerms);
        var dimension = (int)segment.Dimension;
        var perTerm = new TermBlocks[dimension];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Options.BuildThreads == 0 ? Environment.ProcessorCount : Options.BuildThreads,
        };
        Parallel.For(
            0,
            dimension,
            parallel,
            () => new PostingListBlocker(segment, sketches, Options),
            (term, _, blocker) =>
            {
                var start = inversion.Starts[term];
                var length = inversion.Starts[term + 1] - start;
                perTerm[term] = blocker.Build(term, inversion.Documents.AsSpan(start, length), inversion.Weights.AsSpan(start, length));
                return blocker;
            },
            _ => { });
        return Concatenate(perTerm, segment.DocumentCount);
    }

    private static ApproximateIndexLayout Concatenate(TermBlocks[] perTerm, int documentCount)
    {
        long blocks = 0, documents = 0, summaries = 0;
        foreach (var term in perTerm)
        {
            blocks += term.Scales.Length;
            documents += term.Documents.Length;
            summaries += term.SummaryTerms.Length;
        }

        if (summaries > Array.MaxLength)
        {
            throw new NotSupportedException(
                $"The block summaries hold {summaries} entries, more than one array holds; lower SummaryEnergy or PostingsPerTerm, or raise BlockSize.");
        }

        var width = PackedOrdinals.WidthFor(documentCount);
        if (documents > PackedOrdinals.MaxCount(width))
        {
            throw new NotSupportedException($"The blocks hold {documents} postings, more than one packed array holds; lower PostingsPerTerm.");
        }

        var termBlockStarts = new int[perTerm.Length + 1];
        var blockDocStarts = new int[blocks + 1];
        var blockDocs = new int[documents];
        var blockSummaryStarts = new int[blocks + 1];
        var summaryTerms = new ushort[summaries];
        var summaryLevels = new byte[summaries];
        var blockScales = new float[blocks];
        int block = 0, documentNext = 0, summaryNext = 0;
        for (var term = 0; term < perTerm.Length; term++)
        {
            var blocksOfTerm = perTerm[term];
            termBlockStarts[term] = block;
            blocksOfTerm.Documents.CopyTo(blockDocs, documentNext);
            blocksOfTerm.SummaryTerms.CopyTo(summaryTerms, summaryNext);
            blocksOfTerm.SummaryLevels.CopyTo(summaryLevels, summaryNext);
            blocksOfTerm.Scales.CopyTo(blockScales, block);
            for (var i = 0; i < blocksOfTerm.Scales.Length; i++)
            {
                blockDocStarts[block] = documentNext;
                blockSummaryStarts[block] = summaryNext;
                documentNext += blocksOfTerm.DocCounts[i];
                summaryNext += blocksOfTerm.SummaryCounts[i];
                block++;
            }
        }

        termBlockStarts[^1] = block;
        blockDocStarts[^1] = documentNext;
        blockSummaryStarts[^1] = summaryNext;
        return new ApproximateIndexLayout(
            termBlockStarts,
            blockDocStarts,
            width,
            PackedOrdinals.Pack(blockDocs, width),
            blockSummaryStarts,
            summaryTerms,
            PackedLevels.Pack(summaryLevels),
            blockScales);
    }
}
