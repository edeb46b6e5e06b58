namespace Splade.Index.Approximate;

/// <summary>Builds an <see cref="ApproximateIndex"/> over a forward index with the given options.</summary>
/// <remarks>
/// A build inverts the forward index, then, one term at a time and on several threads, keeps each term's heaviest postings,
/// clusters them into blocks and summarizes every block. The result depends only on the forward index and the options
/// (including <see cref="ApproximateIndexOptions.Seed"/>), not on the number of threads.
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

    /// <summary>Builds the index; the forward index must stay alive and unchanged for as long as the index is used.</summary>
    /// <param name="forward">The documents to index.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <exception cref="ArgumentException">A document has a negative or non-finite weight, or term indices out of order; the message names the document and
    /// entry.</exception>
    /// <exception cref="NotSupportedException">The vocabulary is larger than <see cref="ApproximateIndex.MaxDimension"/>, or the collection has more postings
    /// than one array holds.</exception>
    public ApproximateIndex Build(IForwardIndex forward, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forward);
        if (forward.Dimension > ApproximateIndex.MaxDimension)
        {
            throw new NotSupportedException(
                $"The vocabulary has {forward.Dimension} terms; the approximate index supports at most {ApproximateIndex.MaxDimension}.");
        }

        var inversion = PostingInversion.Invert(forward, cancellationToken);
        var sketches = DocumentSketches.Create(forward, Options.ClusteringTerms);
        var dimension = (int)forward.Dimension;
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
            () => new PostingListBlocker(forward, sketches, Options),
            (term, _, blocker) =>
            {
                var start = inversion.Starts[term];
                var length = inversion.Starts[term + 1] - start;
                perTerm[term] = blocker.Build(term, inversion.Documents.AsSpan(start, length), inversion.Weights.AsSpan(start, length));
                return blocker;
            },
            _ => { });
        return new ApproximateIndex(forward, Options, Concatenate(perTerm, forward.DocumentCount));
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
            termBlockStarts, blockDocStarts, PackedOrdinals.Pack(blockDocs, width), blockSummaryStarts, summaryTerms, PackedLevels.Pack(summaryLevels),
            blockScales);
    }
}
