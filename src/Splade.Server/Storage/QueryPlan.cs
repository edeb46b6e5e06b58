using Splade.Server.Model.Filters;

namespace Splade.Server.Storage;

/// <summary>A resolved query (Qdrant's Query API, its vectors already encoded): run the prefetches, then score their union with
/// <see cref="Query"/>; without prefetches, search the collection directly.</summary>
internal sealed record QueryPlan
{
    /// <summary>Sub-queries whose results this one scores or fuses; their filters add to this one's.</summary>
    public IReadOnlyList<QueryPlan> Prefetch { get; init; } = [];

    /// <summary>How to score; null without prefetches lists points in id order.</summary>
    public QueryKind? Query { get; init; }

    /// <summary>Only points that match, at this level and (propagated) in every prefetch below.</summary>
    public Filter? Filter { get; init; }

    /// <summary>Only results scoring strictly above this.</summary>
    public float? ScoreThreshold { get; init; }

    /// <summary>How many results this level returns.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>The level's search params (exact or approximate, approximate knobs), or null for the defaults.</summary>
    public SearchParams? Params { get; init; }

    /// <summary>Keeps the results this level returns from its scored or fused <paramref name="results"/> (best first): those
    /// scoring above <see cref="ScoreThreshold"/>, at most <see cref="Limit"/> of them.</summary>
    public void Cut(List<Candidate> results)
    {
        if (ScoreThreshold is float threshold)
        {
            results.RemoveAll(candidate => !(candidate.Score > threshold));
        }

        if (results.Count > Limit)
        {
            results.RemoveRange(Limit, results.Count - Limit);
        }
    }
}

/// <summary>How a query level scores points.</summary>
internal abstract record QueryKind;

/// <summary>Nearest to a vector, by the named vector's similarity (dot product; Cosine on normalised vectors; sparse dot product,
/// with IDF weights when the vector has the <c>idf</c> modifier).</summary>
/// <param name="Using">The named vector searched.</param>
/// <param name="Vector">The query vector.</param>
internal sealed record NearestQuery(string Using, VectorValue Vector) : QueryKind
{
    /// <summary>For explanations: how to name the query's terms and which are its own (not expansion) terms.</summary>
    public QueryVocabulary? Vocabulary { get; init; }

    /// <summary>The idf modifier's statistics to weigh a sparse query by, instead of the collection's own: a cluster passes the
    /// statistics of the whole collection to each shard so that scores equal a single machine's.</summary>
    public TermStatistics? Statistics { get; init; }
}

/// <summary>Nearest to the stored vector of an existing point, which is itself left out of the results.</summary>
/// <param name="Using">The named vector searched.</param>
/// <param name="Id">The point whose vector is the query.</param>
internal sealed record NearestPointQuery(string Using, PointId Id) : QueryKind;

/// <summary>Fuses the prefetches' ranked lists.</summary>
/// <param name="Method">Reciprocal rank fusion or distribution-based score fusion.</param>
/// <param name="RrfK">RRF's k (Qdrant's default 2); see <see cref="Fusion"/> for the formula.</param>
/// <param name="Weights">Per-prefetch RRF weights, or null for equal weights.</param>
internal sealed record FusionQuery(FusionMethod Method, int RrfK = Fusion.DefaultRrfK, IReadOnlyList<float>? Weights = null) : QueryKind;

/// <summary>Qdrant's fusion methods.</summary>
internal enum FusionMethod
{
    Rrf,
    Dbsf,
}
