using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>
/// Computes block summaries: the per-term maximum over a block's documents, pruned to the heaviest entries that carry the
/// requested share of the summary's L1 mass (judged on an 8-bit grid) and to at most the entry cap, and stored on a 4-bit grid
/// (<see cref="PackedLevels"/>), rounding up so that a kept entry never underestimates.
/// </summary>
internal sealed class BlockSummarizer
{
    private const int Levels = byte.MaxValue;

    private readonly Segment _forward;
    private readonly float _energy;
    private readonly int _maxTerms;
    private readonly int[] _countByLevel = new int[Levels + 1];
    private readonly float[] _maxima;
    private readonly double[] _massByLevel = new double[Levels + 1];
    private int[] _touched = new int[1024];
    private byte[] _levels = new byte[1024];
    private float[] _values = new float[1024];

    public BlockSummarizer(Segment forward, float energy, int maxTerms)
    {
        _forward = forward;
        _energy = energy;
        _maxTerms = maxTerms;
        _maxima = new float[forward.Dimension];
    }

    /// <summary>Summarizes the blocks and orders them by the list term's heaviest weight in each block, heaviest first.</summary>
    public TermBlocks Summarize(int term, int[] groupedDocuments, int[] docCounts)
    {
        var blockCount = docCounts.Length;
        var termMaxima = new float[blockCount];
        var summaries = new (ushort[] Terms, byte[] Levels, float Scale)[blockCount];
        var start = 0;
        for (var block = 0; block < blockCount; block++)
        {
            var documents = groupedDocuments.AsSpan(start, docCounts[block]);
            var touched = AccumulateMaxima(documents);
            termMaxima[block] = _maxima[term];
            summaries[block] = Quantize(touched);
            start += docCounts[block];
        }

        return Assemble(termMaxima, summaries, groupedDocuments, docCounts);
    }

    private int AccumulateMaxima(ReadOnlySpan<int> documents)
    {
        var touched = 0;
        foreach (var ordinal in documents)
        {
            var indices = _forward.NarrowIndices(ordinal);
            var values = _forward.GetForwardValues(ordinal);
            for (var i = 0; i < indices.Length; i++)
            {
                var index = (int)indices[i];
                var current = _maxima[index];
                if (current == 0f && values[i] > 0f)
                {
                    if (touched == _touched.Length)
                    {
                        Array.Resize(ref _touched, touched * 2);
                    }

                    _touched[touched++] = index;
                }

                if (values[i] > current)
                {
                    _maxima[index] = values[i];
                }
            }
        }

        return touched;
    }

    private (ushort[] Terms, byte[] Levels, float Scale) Quantize(int touched)
    {
        var maximum = 0f;
        for (var i = 0; i < touched; i++)
        {
            maximum = Math.Max(maximum, _maxima[_touched[i]]);
        }

        // A scale a hair above max / 255 keeps every level's weight at or above the value it stands for.
        var scale = ScaleFor(maximum, Levels);
        var inverse = 1f / scale;
        if (_levels.Length < touched)
        {
            _levels = new byte[_touched.Length];
            _values = new float[_touched.Length];
        }

        Array.Clear(_massByLevel);
        Array.Clear(_countByLevel);
        for (var i = 0; i < touched; i++)
        {
            var index = _touched[i];
            var value = _maxima[index];
            var level = LevelOf(value, scale, inverse, Levels);
            _levels[i] = (byte)level;
            _values[i] = value;
            _massByLevel[level] += value;
            _countByLevel[level]++;
            _maxima[index] = 0f;
        }

        // Entries above the minimum level are all kept; at the minimum level, only as many as fit the entry cap, in order of
        // appearance.
        var minimumLevel = MinimumKeptLevel();
        var above = 0;
        for (var level = minimumLevel + 1; level <= Levels; level++)
        {
            above += _countByLevel[level];
        }

        var atMinimum = (int)Math.Min(_countByLevel[minimumLevel], (long)_maxTerms - above);
        var terms = new ushort[above + atMinimum];
        var levels = new byte[terms.Length];
        var storedScale = ScaleFor(maximum, PackedLevels.MaxLevel);
        var storedInverse = 1f / storedScale;
        var next = 0;
        for (var i = 0; i < touched; i++)
        {
            if (_levels[i] > minimumLevel || (_levels[i] == minimumLevel && atMinimum-- > 0))
            {
                terms[next] = (ushort)_touched[i];
                levels[next++] = (byte)LevelOf(_values[i], storedScale, storedInverse, PackedLevels.MaxLevel);
            }
        }

        return (terms, levels, storedScale);
    }

    private static float ScaleFor(float maximum, int levels) => maximum > 0f ? maximum / levels * (1f + 1e-5f) : 1f;

    /// <summary>
    /// The lowest level whose entries, together with all higher ones, reach the energy share of the total mass, raised where
    /// needed so that the levels above it hold fewer than the maximum number of entries.
    /// </summary>
    private int MinimumKeptLevel()
    {
        var byCount = 1;
        var counted = 0;
        for (var level = Levels; level > 0; level--)
        {
            counted += _countByLevel[level];
            if (counted >= _maxTerms)
            {
                byCount = level;
                break;
            }
        }

        return Math.Max(byCount, MinimumLevelForEnergy());
    }

    private int MinimumLevelForEnergy()
    {
        var total = 0d;
        foreach (var mass in _massByLevel)
        {
            total += mass;
        }

        var target = total * _energy;
        var accumulated = 0d;
        for (var level = Levels; level > 0; level--)
        {
            accumulated += _massByLevel[level];
            if (accumulated >= target)
            {
                return level;
            }
        }

        return 1;
    }

    /// <summary>The smallest level whose weight (level x scale) is at least <paramref name="value"/>, at most <paramref name="levels"/>.</summary>
    private static int LevelOf(float value, float scale, float inverse, int levels)
    {
        var level = Math.Min((int)(value * inverse), levels);
        while (level < levels && level * scale < value)
        {
            level++;
        }

        return level;
    }

    private static TermBlocks Assemble(float[] termMaxima, (ushort[] Terms, byte[] Levels, float Scale)[] summaries, int[] groupedDocuments, int[] docCounts)
    {
        var blockCount = docCounts.Length;
        var order = new int[blockCount];
        var keys = new float[blockCount];
        var documentStarts = new int[blockCount];
        var summaryTotal = 0;
        for (var block = 0; block < blockCount; block++)
        {
            order[block] = block;
            keys[block] = -termMaxima[block];
            documentStarts[block] = block == 0 ? 0 : documentStarts[block - 1] + docCounts[block - 1];
            summaryTotal += summaries[block].Terms.Length;
        }

        Array.Sort(keys, order);
        var outCounts = new int[blockCount];
        var outDocuments = new int[groupedDocuments.Length];
        var summaryCounts = new int[blockCount];
        var summaryTerms = new ushort[summaryTotal];
        var summaryLevels = new byte[summaryTotal];
        var scales = new float[blockCount];
        int documentNext = 0, summaryNext = 0;
        for (var position = 0; position < blockCount; position++)
        {
            var block = order[position];
            outCounts[position] = docCounts[block];
            groupedDocuments.AsSpan(documentStarts[block], docCounts[block]).CopyTo(outDocuments.AsSpan(documentNext));
            documentNext += docCounts[block];
            var (terms, levels, scale) = summaries[block];
            summaryCounts[position] = terms.Length;
            terms.CopyTo(summaryTerms, summaryNext);
            levels.CopyTo(summaryLevels, summaryNext);
            summaryNext += terms.Length;
            scales[position] = scale;
        }

        return new TermBlocks(outCounts, outDocuments, summaryCounts, summaryTerms, summaryLevels, scales);
    }
}
