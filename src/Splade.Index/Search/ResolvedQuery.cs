using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>
/// A prepared query resolved against one segment's postings: the query terms the segment has, each one's 256-entry score table
/// on the term's weight grid, the bounds on what a posting of each weight tier can add, and the bound E on how far a sum of table
/// entries can be from the exact score. Term-at-a-time and MaxScore both read postings through it, so the arithmetic of tables
/// and bounds is written (and reasoned about) once.
/// </summary>
/// <remarks>
/// Bounds are summed in double and rounded up to float, so a bound is never below the exact sum it stands for. One instance per
/// thread is reused (<see cref="ForCurrentThread"/>); it is valid until the thread resolves the next segment.
/// </remarks>
internal sealed class ResolvedQuery
{
    [ThreadStatic]
    private static ResolvedQuery? t_current;

    private float[] _tables = [];
    private double _termErrors;
    private double _largestContributions;

    /// <summary>The number of query terms the segment has; arrays below hold that many entries (per term, or per term and tier).</summary>
    public int Terms { get; private set; }

    /// <summary>The segment's number of weight tiers (<see cref="Segment.Tiers"/>); per-tier arrays hold term × Tiers + tier.</summary>
    public int Tiers { get; private set; } = 1;

    /// <summary>Each matched term's ordinal in the segment's term dictionary.</summary>
    public int[] TermOrdinals { get; private set; } = [];

    /// <summary>Per matched term and tier, its number of postings in the segment.</summary>
    public long[] TierPostings { get; private set; } = [];

    /// <summary>Per matched term and tier, the most a posting of that tier or a lighter one can add in magnitude (query weight × the
    /// tier's largest weight magnitude, plus the term's code error); the heaviest tier's is the term's bound. What skipping the term's
    /// tiers up to this one costs (term-at-a-time).</summary>
    public double[] CumulativeTierBounds { get; private set; } = [];

    /// <summary>Per matched term and tier, the largest table entry of the tier's codes, or zero if none is positive: the bound of the
    /// tier as a list of its own (MaxScore).</summary>
    public float[] ListBounds { get; private set; } = [];

    /// <summary>Whether every table entry is above zero, so that a document matched by any posting has a score above zero.</summary>
    public bool Positive { get; private set; }

    /// <summary>E: the bound on |sum of table entries - exact score| for a document, whatever postings matched it.</summary>
    public float ErrorBound { get; private set; }

    public static ResolvedQuery ForCurrentThread() => t_current ??= new ResolvedQuery();

    /// <summary>The score table of the <paramref name="term"/>-th matched term: entry c is the query weight times code c's weight.</summary>
    public Span<float> Table(int term) => _tables.AsSpan(term * PostingImpacts.Levels, PostingImpacts.Levels);

    /// <summary>Every matched term's table, back to back (term t's entry c is at t × 256 + c).</summary>
    public ReadOnlySpan<float> AllTables => _tables.AsSpan(0, Terms * PostingImpacts.Levels);

    /// <summary>E for sums that read up to one list per tier of each term, as MaxScore's bounds do: the lists' count replaces the
    /// terms' in the rounding, and each term's largest contribution counts once per tier.</summary>
    public float ErrorBoundOverLists(int lists)
        => PostingImpacts.ErrorBound(RoundUp(_termErrors), RoundUp(_largestContributions * Tiers), lists);

    /// <summary>Finds <paramref name="query"/>'s terms in <paramref name="segment"/> and fills the tables and bounds.</summary>
    public ResolvedQuery Resolve(PreparedQuery query, Segment segment)
    {
        var indices = query.Vector.Indices;
        var weights = query.Vector.Values;
        Begin(indices.Length, segment.Tiers);
        var terms = 0;
        var positive = true;
        _termErrors = 0;
        _largestContributions = 0;
        for (var q = 0; q < indices.Length; q++)
        {
            if (!segment.TryGetTerm(indices[q], out var term))
            {
                continue;
            }

            var weight = weights[q];
            var min = segment.TermMinWeights[term];
            var max = segment.TermMaxWeights[term];
            TermOrdinals[terms] = term;
            var table = Table(terms);
            PostingImpacts.FillTable(weight, min, max, table);
            positive &= table[0] > 0f && table[^1] > 0f;
            var termError = PostingImpacts.TermError(weight, min, max);
            var largest = Math.Abs((double)weight) * Math.Max(Math.Abs((double)min), Math.Abs((double)max));
            _termErrors += termError;
            _largestContributions += largest;
            FillTierBounds(segment, terms, term, table, largest + termError, termError);
            terms++;
        }

        Terms = terms;
        Positive = positive;
        ErrorBound = PostingImpacts.ErrorBound(RoundUp(_termErrors), RoundUp(_largestContributions), terms);
        return this;
    }

    /// <summary>
    /// The table is linear in the code, so its largest magnitude over codes 0 to a tier's last lies at one of the two ends, and its
    /// largest entry within a tier at one of the tier's two ends; the code error covers the grid and the rounding.
    /// </summary>
    private void FillTierBounds(Segment segment, int matched, int term, ReadOnlySpan<float> table, double termBound, float termError)
    {
        var tiers = segment.Tiers;
        for (var tier = 0; tier < tiers; tier++)
        {
            var at = (matched * tiers) + tier;
            var last = segment.TierLastCode(tier);
            CumulativeTierBounds[at] = tier + 1 < tiers
                ? Math.Max(Math.Abs((double)table[0]), Math.Abs((double)table[last])) + termError
                : termBound;
            ListBounds[at] = Math.Max(0f, Math.Max(table[segment.TierStarts[tier]], table[last]));
            TierPostings[at] = segment.TierPostingCount(term, tier);
        }
    }

    private void Begin(int queryTerms, int tiers)
    {
        Tiers = tiers;
        Terms = 0;
        if (TermOrdinals.Length < queryTerms || CumulativeTierBounds.Length < queryTerms * tiers)
        {
            var capacity = Math.Max(queryTerms, 1);
            TermOrdinals = new int[capacity];
            _tables = new float[capacity * PostingImpacts.Levels];
            CumulativeTierBounds = new double[capacity * tiers];
            ListBounds = new float[capacity * tiers];
            TierPostings = new long[capacity * tiers];
        }
    }

    /// <summary>The smallest float at or above <paramref name="value"/>.</summary>
    private static float RoundUp(double value)
    {
        var rounded = (float)value;
        return rounded < value ? MathF.BitIncrement(rounded) : rounded;
    }
}
