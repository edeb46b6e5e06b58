using Splade.Core.Ranking;
using Splade.Index.Search;

namespace Splade.Index.Approximate;

/// <summary>
/// One thread's reusable search state: the query scattered into a dense array, a bitset of documents already scored, the top-k heap,
/// and the query's heaviest terms. Everything is reset after each search, touching only the entries the search set.
/// </summary>
internal sealed class SearchScratch
{
    [ThreadStatic]
    private static SearchScratch? t_current;

    private ulong[] _visitedBits = [];
    private int[] _visitedOrdinals = new int[256];
    private int _visitedCount;

    /// <summary>The query scattered over the 16-bit vocabulary, for searches that are given a vector rather than a prepared query;
    /// all zero between searches.</summary>
    public float[] DenseQuery { get; } = new float[ApproximateIndex.MaxDimension];

    /// <summary>The documents of the current block that will be scored, in order.</summary>
    public int[] BlockCandidates { get; private set; } = new int[64];

    public TopK<ScoredOrdinal, ScoredOrdinal.BestFirst> Heap { get; } = new(0);

    public uint[] CutTerms { get; private set; } = new uint[16];

    public float[] CutWeights { get; private set; } = new float[16];

    public static SearchScratch ForCurrentThread(int documentCount)
    {
        var scratch = t_current ??= new SearchScratch();
        scratch.EnsureCapacity(documentCount);
        return scratch;
    }

    /// <summary>Marks <paramref name="ordinal"/> as seen; false when it already was.</summary>
    public bool TryVisit(int ordinal)
    {
        ref var word = ref _visitedBits[ordinal >> 6];
        var bit = 1UL << (ordinal & 63);
        if ((word & bit) != 0)
        {
            return false;
        }

        word |= bit;
        if (_visitedCount == _visitedOrdinals.Length)
        {
            Array.Resize(ref _visitedOrdinals, _visitedOrdinals.Length * 2);
        }

        _visitedOrdinals[_visitedCount++] = ordinal;
        return true;
    }

    public int VisitedCount => _visitedCount;

    public void EnsureBlockCapacity(int count)
    {
        if (BlockCandidates.Length < count)
        {
            BlockCandidates = new int[Math.Max(count, BlockCandidates.Length * 2)];
        }
    }

    /// <summary>The summary scores of the blocks queued for scoring, a <see cref="BlockQueue"/> over these and <see cref="QueuedBlocks"/>.</summary>
    public float[] QueuedScores { get; private set; } = new float[256];

    public int[] QueuedBlocks { get; private set; } = new int[256];

    public void EnsureQueueCapacity(int count)
    {
        if (QueuedScores.Length < count)
        {
            QueuedScores = new float[Math.Max(count, QueuedScores.Length * 2)];
            QueuedBlocks = new int[QueuedScores.Length];
        }
    }

    public void EnsureCutCapacity(int count)
    {
        if (CutTerms.Length < count)
        {
            CutTerms = new uint[count];
            CutWeights = new float[count];
        }
    }

    public void ClearVisited()
    {
        for (var i = 0; i < _visitedCount; i++)
        {
            _visitedBits[_visitedOrdinals[i] >> 6] = 0;
        }

        _visitedCount = 0;
    }

    private void EnsureCapacity(int documentCount)
    {
        var words = (documentCount + 63) >> 6;
        if (_visitedBits.Length < words)
        {
            _visitedBits = new ulong[words];
        }
    }
}
