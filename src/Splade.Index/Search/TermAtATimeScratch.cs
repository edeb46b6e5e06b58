using Splade.Index.Approximate;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>One thread's reusable buffers for <see cref="TermAtATimeScorer"/>: a chunk's scores and matched bitset, the query terms'
/// score tables, and the candidate lists.</summary>
/// <remarks>The scores and the bitset are all zero between searches: collecting a chunk zeroes what it read, so no search clears
/// them in full; a search that fails part-way calls <see cref="Reset"/>.</remarks>
internal sealed class TermAtATimeScratch
{
    private float[] _tables = [];

    public float[] Scores { get; } = new float[PostingsFileBuilder.ChunkSize];

    public ulong[] Matched { get; } = new ulong[PostingsFileBuilder.ChunkSize / 64];

    public int[] TermOrdinals { get; private set; } = [];

    /// <summary>The query scattered over every u16 term, for re-scoring documents of segments with narrow terms; all zero between
    /// searches.</summary>
    public float[] DenseQuery { get; } = new float[ushort.MaxValue + 1];

    /// <summary>The k best approximate scores of accepted documents.</summary>
    public TopKHeap Heap { get; } = new();

    public int[] CandidateDocs { get; private set; } = new int[1024];

    public float[] CandidateScores { get; private set; } = new float[1024];

    /// <summary>Each matched term's most possible contribution (query weight × largest weight, plus its code error).</summary>
    public double[] TermBounds { get; private set; } = [];

    public long[] TermPostings { get; private set; } = [];

    /// <summary>The matched terms by ascending bound per posting: the order in which terms are chosen to be skipped.</summary>
    public int[] BoundOrder { get; private set; } = [];

    /// <summary>Which matched terms the current chunk skips.</summary>
    public bool[] Skipped { get; private set; } = [];

    private double[] _orderKeys = [];

    public void Begin(int queryTerms)
    {
        if (TermOrdinals.Length < queryTerms)
        {
            TermOrdinals = new int[queryTerms];
            _tables = new float[queryTerms * PostingImpacts.Levels];
            TermBounds = new double[queryTerms];
            TermPostings = new long[queryTerms];
            BoundOrder = new int[queryTerms];
            Skipped = new bool[queryTerms];
            _orderKeys = new double[queryTerms];
        }

        Array.Clear(Skipped);
    }

    /// <summary>Fills <see cref="BoundOrder"/> for the first <paramref name="terms"/> matched terms.</summary>
    public void OrderByBoundPerPosting(int terms)
    {
        for (var i = 0; i < terms; i++)
        {
            BoundOrder[i] = i;
            _orderKeys[i] = TermBounds[i] / Math.Max(1, TermPostings[i]);
        }

        _orderKeys.AsSpan(0, terms).Sort(BoundOrder.AsSpan(0, terms));
    }

    /// <summary>The score table of the <paramref name="term"/>-th matched query term.</summary>
    public Span<float> Table(int term) => _tables.AsSpan(term * PostingImpacts.Levels, PostingImpacts.Levels);

    public void GrowCandidates()
    {
        var capacity = CandidateDocs.Length * 2;
        var docs = CandidateDocs;
        var scores = CandidateScores;
        Array.Resize(ref docs, capacity);
        Array.Resize(ref scores, capacity);
        CandidateDocs = docs;
        CandidateScores = scores;
    }

    public void Reset()
    {
        Array.Clear(Scores);
        Array.Clear(Matched);
        Array.Clear(DenseQuery);
    }
}
