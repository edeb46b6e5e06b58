using System.Text.Json.Nodes;

namespace Splade.Cli.Output;

/// <summary>The one shape of a search's answer, in every mode (sparse, dense, hybrid, two-stage) and for single and batch queries:
/// a batch writes one per line, with <see cref="QueryId"/>.</summary>
/// <param name="QueryId">The query's id in a batch; absent for a single query.</param>
/// <param name="Mode">The search mode, as <c>--mode</c> spells it.</param>
/// <param name="Algorithm">The sparse algorithm that ran (sparse mode), or <c>brute-force</c> (dense mode); absent otherwise.</param>
/// <param name="Fusion">The fusion method (hybrid, and two-stage with <c>--fusion</c>); absent otherwise.</param>
/// <param name="ElapsedMs">The search's wall-clock milliseconds (query encoding excluded).</param>
/// <param name="Results">The hits, best first.</param>
internal sealed record SearchResponse(
    string? QueryId, string Mode, string? Algorithm, string? Fusion, double ElapsedMs, IReadOnlyList<SearchResultHit> Results)
{
    /// <summary>The recall@k the sparse hits are expected to have against exact search: the estimate the index's tuning measured when
    /// the sparse side ran approximately (sparse, hybrid and two-stage modes), 1 when it ran exactly; absent in dense mode and for
    /// approximate search on an index never tuned.</summary>
    public double? EstimatedRecall { get; init; }
}

/// <summary>One hit: always the id and score; metadata and text when the document has them; each side's score and rank in hybrid and
/// two-stage modes; the matched terms with <c>--explain</c>.</summary>
internal sealed record SearchResultHit(string Id, double Score)
{
    public double? SparseScore { get; init; }

    /// <summary>Absent in hybrid and two-stage results for a document without a dense vector.</summary>
    public double? DenseScore { get; init; }

    public int? SparseRank { get; init; }

    public int? DenseRank { get; init; }

    public JsonObject? Metadata { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<MatchedTerm>? MatchedTerms { get; init; }
}

/// <summary>A term shared by the query and the hit; the contributions of a hit's terms sum to its sparse score.</summary>
/// <param name="TermId">The vocabulary index.</param>
/// <param name="Term">The token, when the query was encoded from text (the model's vocabulary is known then).</param>
/// <param name="QueryWeight">The term's weight in the query.</param>
/// <param name="DocumentWeight">The term's weight in the document.</param>
/// <param name="Contribution">Their product.</param>
internal sealed record MatchedTerm(uint TermId, string? Term, float QueryWeight, float DocumentWeight, float Contribution);

/// <summary>What a batch search prints on standard error: latency percentiles (search only) and throughput.</summary>
internal sealed record BatchSummary(int Queries, int Threads, double P50Ms, double P99Ms, double QueriesPerSecond);
