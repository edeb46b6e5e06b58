using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>
/// Turns one term's posting list into blocks: keeps its heaviest postings, clusters their documents around randomly chosen
/// centroid documents, and summarizes each block. One instance per build thread; it reuses its buffers from term to term.
/// </summary>
internal sealed class PostingListBlocker
{
    private readonly Segment _forward;
    private readonly DocumentSketches _sketches;
    private readonly ApproximateIndexOptions _options;
    private readonly BlockSummarizer _summarizer;
    private readonly int[] _chainHeads;
    private readonly List<int> _touchedTerms = [];
    private int[] _chainNext = new int[256];
    private int[] _chainCentroid = new int[256];
    private float[] _chainWeight = new float[256];
    private float[] _centroidScores = new float[64];
    private int[] _touchedCentroids = new int[64];

    public PostingListBlocker(Segment forward, DocumentSketches sketches, ApproximateIndexOptions options)
    {
        _forward = forward;
        _sketches = sketches;
        _options = options;
        _summarizer = new BlockSummarizer(forward, options.SummaryEnergy, options.MaxSummaryTerms);
        _chainHeads = new int[forward.Dimension];
        Array.Fill(_chainHeads, -1);
    }

    public TermBlocks Build(int term, ReadOnlySpan<int> documents, ReadOnlySpan<float> weights)
    {
        if (documents.IsEmpty)
        {
            return TermBlocks.Empty;
        }

        var kept = KeepHeaviest(documents, weights, _options.PostingsPerTerm);
        var blockCount = (int)Math.Min(kept.Length, ((long)kept.Length + _options.BlockSize - 1) / _options.BlockSize);
        var assignment = blockCount == 1 ? new int[kept.Length] : Cluster(term, kept, blockCount);
        var grouped = GroupByBlock(kept, assignment, blockCount, out var docCounts);
        return _summarizer.Summarize(term, grouped, docCounts);
    }

    private static int[] KeepHeaviest(ReadOnlySpan<int> documents, ReadOnlySpan<float> weights, int limit)
    {
        if (documents.Length <= limit)
        {
            return documents.ToArray();
        }

        var keys = new float[documents.Length];
        var order = documents.ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = -weights[i];
        }

        // Documents arrive in ascending order and the sort is deterministic, so equal input builds equal lists.
        Array.Sort(keys, order);
        return order[..limit];
    }

    private int[] Cluster(int term, int[] documents, int blockCount)
    {
        // HashCode is randomized per process; a fixed mix keeps builds byte-identical from one run to the next.
        var random = new Random(unchecked((_options.Seed * -1640531535) ^ term));
        var centroids = documents.ToArray();
        for (var i = 0; i < blockCount; i++)
        {
            var pick = random.Next(i, centroids.Length);
            (centroids[i], centroids[pick]) = (centroids[pick], centroids[i]);
        }

        LinkCentroids(term, centroids.AsSpan(0, blockCount));
        EnsureCentroidCapacity(blockCount);
        var assignment = new int[documents.Length];
        for (var position = 0; position < documents.Length; position++)
        {
            assignment[position] = NearestCentroid(documents[position], position % blockCount);
        }

        foreach (var touched in _touchedTerms)
        {
            _chainHeads[touched] = -1;
        }

        _touchedTerms.Clear();
        return assignment;
    }

    /// <summary>Indexes the centroids' sketch terms (except the list's own term, which they all share) as chains per term.</summary>
    private void LinkCentroids(int term, ReadOnlySpan<int> centroids)
    {
        var entries = 0;
        for (var c = 0; c < centroids.Length; c++)
        {
            var terms = _sketches.Terms(centroids[c]);
            var weights = _sketches.Weights(centroids[c]);
            for (var i = 0; i < terms.Length; i++)
            {
                int sketchTerm = terms[i];
                if (sketchTerm == term)
                {
                    continue;
                }

                if (entries == _chainNext.Length)
                {
                    Array.Resize(ref _chainNext, entries * 2);
                    Array.Resize(ref _chainCentroid, entries * 2);
                    Array.Resize(ref _chainWeight, entries * 2);
                }

                if (_chainHeads[sketchTerm] < 0)
                {
                    _touchedTerms.Add(sketchTerm);
                }

                _chainNext[entries] = _chainHeads[sketchTerm];
                _chainCentroid[entries] = c;
                _chainWeight[entries] = weights[i];
                _chainHeads[sketchTerm] = entries++;
            }
        }
    }

    private int NearestCentroid(int ordinal, int fallback)
    {
        var terms = _sketches.Terms(ordinal);
        var weights = _sketches.Weights(ordinal);
        var touched = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            for (var entry = _chainHeads[terms[i]]; entry >= 0; entry = _chainNext[entry])
            {
                var centroid = _chainCentroid[entry];
                if (_centroidScores[centroid] == 0f)
                {
                    _touchedCentroids[touched++] = centroid;
                }

                _centroidScores[centroid] += weights[i] * _chainWeight[entry];
            }
        }

        var best = fallback;
        var bestScore = 0f;
        for (var i = 0; i < touched; i++)
        {
            var centroid = _touchedCentroids[i];
            var score = _centroidScores[centroid];
            if (score > bestScore || (score == bestScore && centroid < best))
            {
                best = centroid;
                bestScore = score;
            }

            _centroidScores[centroid] = 0f;
        }

        return best;
    }

    private void EnsureCentroidCapacity(int blockCount)
    {
        if (_centroidScores.Length < blockCount)
        {
            _centroidScores = new float[blockCount];
            _touchedCentroids = new int[blockCount];
        }
    }

    /// <summary>Orders the documents block by block (ascending ordinals inside a block) and drops empty blocks.</summary>
    private static int[] GroupByBlock(int[] documents, int[] assignment, int blockCount, out int[] docCounts)
    {
        var counts = new int[blockCount];
        foreach (var block in assignment)
        {
            counts[block]++;
        }

        var starts = new int[blockCount + 1];
        for (var block = 0; block < blockCount; block++)
        {
            starts[block + 1] = starts[block] + counts[block];
        }

        var grouped = new int[documents.Length];
        var next = starts.AsSpan(0, blockCount).ToArray();
        for (var i = 0; i < documents.Length; i++)
        {
            grouped[next[assignment[i]]++] = documents[i];
        }

        var nonEmpty = 0;
        for (var block = 0; block < blockCount; block++)
        {
            if (counts[block] > 0)
            {
                Array.Sort(grouped, starts[block], counts[block]);
                counts[nonEmpty++] = counts[block];
            }
        }

        docCounts = counts[..nonEmpty];
        return grouped;
    }
}
