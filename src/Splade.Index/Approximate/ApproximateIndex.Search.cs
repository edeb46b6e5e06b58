using Splade.Core;
using Splade.Index.Search;

namespace Splade.Index.Approximate;

internal sealed partial class ApproximateIndex
{
    /// <summary>How many documents ahead of the one being scored have their entries requested from memory: far enough to hide a
    /// miss, near enough to stay in cache (docs/approximate.md, "Measurements behind the design").</summary>
    private const int PrefetchDistance = 12;

    /// <summary>Returns the approximate top k documents for <paramref name="query"/>, best first, with their scores.</summary>
    /// <param name="query">The query vector; terms the segment has none of match nothing.</param>
    /// <param name="options">The query-time knobs; <see cref="ApproximateSearchOptions.Default"/> when null.</param>
    /// <param name="accept">An optional filter over ordinals (deletes, metadata filters); rejected ordinals are never returned.</param>
    /// <returns>At most k hits with a positive score, by descending score, ties by insertion order.</returns>
    public IReadOnlyList<ScoredOrdinal> Search(SparseVector query, ApproximateSearchOptions? options = null, Func<int, bool>? accept = null)
    {
        options ??= ApproximateSearchOptions.Default;
        options.Validate();
        var hits = new ScoredOrdinal[options.K];
        var count = Search(query, options, accept, hits, out _);
        return count == hits.Length ? hits : hits[..count];
    }

    /// <summary>Writes the approximate top hits for <paramref name="query"/> into <paramref name="destination"/>, best first, and
    /// returns how many; the work done is in <paramref name="counters"/>.</summary>
    internal int Search(
        SparseVector query,
        ApproximateSearchOptions options,
        Func<int, bool>? accept,
        Span<ScoredOrdinal> destination,
        out SearchCounters counters)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var scratch = SearchScratch.ForCurrentThread(DocumentCount);
        var dense = scratch.DenseQuery;
        DenseQueryKernels.Scatter(query, dense);
        try
        {
            return accept is null
                ? Search(dense, query, options, default(AcceptAll), destination, out counters)
                : Search(dense, query, options, new AcceptWhere(accept), destination, out counters);
        }
        finally
        {
            DenseQueryKernels.Clear(query, dense);
        }
    }

    /// <summary>The search itself, for a query already scattered over at least <see cref="Dimension"/> floats; query terms at or
    /// beyond the dimension are left out (no document of the segment has them).</summary>
    /// <typeparam name="TAccept">The acceptance test: a struct, so that the call in the loop over visited documents is inlined.</typeparam>
    internal int Search<TAccept>(
        ReadOnlySpan<float> scattered,
        SparseVector query,
        ApproximateSearchOptions options,
        TAccept accept,
        Span<ScoredOrdinal> destination,
        out SearchCounters counters)
        where TAccept : struct, IOrdinalAcceptance
    {
        var scratch = SearchScratch.ForCurrentThread(DocumentCount);
        try
        {
            var cutCount = SelectHeaviestTerms(query, options.QueryTerms, Dimension, scratch);
            scratch.Heap.Reset(Math.Min(options.K, destination.Length));
            counters = scratch.Heap.Capacity == 0 ? default : CollectCandidates(scattered, scratch, cutCount, options.HeapFactor, accept);
            return scratch.Heap.DrainBestFirst(destination);
        }
        finally
        {
            scratch.ClearVisited();
        }
    }

    /// <summary>
    /// Scores every block of the cut terms' lists by its summary, then scores blocks exactly best summary first until the best
    /// remaining summary, times the heap factor, falls below the k-th best score. Taking blocks in that order raises the threshold
    /// fastest, so fewer blocks are scored for the same recall than in list order.
    /// </summary>
    private SearchCounters CollectCandidates<TAccept>(ReadOnlySpan<float> dense, SearchScratch scratch, int cutCount, float heapFactor, TAccept accept)
        where TAccept : struct, IOrdinalAcceptance
    {
        var views = Views();
        var rows = new ForwardRows(_segment);
        var heap = scratch.Heap;
        var total = 0;
        for (var c = 0; c < cutCount; c++)
        {
            var term = scratch.CutTerms[c];
            total += views.TermBlockStarts[(int)term + 1] - views.TermBlockStarts[(int)term];
        }

        scratch.EnsureQueueCapacity(total);
        var summaryScores = scratch.QueuedScores;
        var blocks = scratch.QueuedBlocks;
        var queued = 0;
        for (var c = 0; c < cutCount; c++)
        {
            var term = (int)scratch.CutTerms[c];
            for (var block = views.TermBlockStarts[term]; block < views.TermBlockStarts[term + 1]; block++)
            {
                summaryScores[queued] = SummaryScore(dense, block, views);
                blocks[queued++] = block;
            }
        }

        BlockQueue.Build(summaryScores, blocks, queued);
        long scoredBlocks = 0;
        while (queued > 0)
        {
            if (heap.IsFull && heapFactor > 0f && summaryScores[0] * heapFactor < heap.Worst.Score)
            {
                break;
            }

            var block = blocks[0];
            BlockQueue.RemoveTop(summaryScores, blocks, queued--);
            scoredBlocks++;
            ScoreBlock(dense, block, views, rows, scratch, accept);
        }

        return new SearchCounters(total, total - scoredBlocks, scratch.VisitedCount);
    }

    private static void ScoreBlock<TAccept>(
        ReadOnlySpan<float> dense, int block, in Spans views, in ForwardRows rows, SearchScratch scratch, TAccept accept)
        where TAccept : struct, IOrdinalAcceptance
    {
        var first = views.BlockDocStarts[block];
        var end = views.BlockDocStarts[block + 1];
        scratch.EnsureBlockCapacity(end - first);
        var candidates = scratch.BlockCandidates;
        var count = 0;
        for (var entry = first; entry < end; entry++)
        {
            var ordinal = views.BlockDocs[entry];
            if (scratch.TryVisit(ordinal) && accept.Accepts(ordinal))
            {
                rows.PrefetchStart(ordinal);
                candidates[count++] = ordinal;
            }
        }

        for (var i = 0; i < Math.Min(PrefetchDistance, count); i++)
        {
            rows.Prefetch(candidates[i]);
        }

        var heap = scratch.Heap;
        for (var i = 0; i < count; i++)
        {
            if (i + PrefetchDistance < count)
            {
                rows.Prefetch(candidates[i + PrefetchDistance]);
            }

            var ordinal = candidates[i];
            rows.Row(ordinal, out var indices, out var values);
            var score = DenseQueryKernels.Dot(dense, indices, values);
            if (score > 0f && (!heap.IsFull || score >= heap.Worst.Score))
            {
                heap.Offer(new ScoredOrdinal(score, rows.Sequences[ordinal], 0, ordinal));
            }
        }
    }

    private static float SummaryScore(ReadOnlySpan<float> dense, int block, in Spans views)
    {
        var start = views.BlockSummaryStarts[block];
        var length = views.BlockSummaryStarts[block + 1] - start;
        return DenseQueryKernels.QuantizedDot(dense, views.SummaryTerms.Slice(start, length), views.SummaryLevels, start) * views.BlockScales[block];
    }

    /// <summary>Fills the scratch's cut with the query's heaviest positive terms, heaviest first (ties: lower index first).</summary>
    private static int SelectHeaviestTerms(SparseVector query, int limit, uint dimension, SearchScratch scratch)
    {
        var capacity = Math.Min(limit, query.Count);
        if (capacity == 0)
        {
            return 0;
        }

        scratch.EnsureCutCapacity(capacity);
        var terms = scratch.CutTerms;
        var weights = scratch.CutWeights;
        var count = 0;
        var indices = query.Indices;
        var values = query.Values;
        for (var i = 0; i < indices.Length; i++)
        {
            var weight = values[i];
            if (indices[i] >= dimension)
            {
                break;
            }

            if (weight <= 0f || (count == capacity && weight <= weights[count - 1]))
            {
                continue;
            }

            // Indices arrive ascending, so an equal weight already kept has the lower index and stays in front.
            var position = count == capacity ? count - 1 : count++;
            while (position > 0 && weights[position - 1] < weight)
            {
                terms[position] = terms[position - 1];
                weights[position] = weights[position - 1];
                position--;
            }

            terms[position] = indices[i];
            weights[position] = weight;
        }

        return count;
    }
}
