namespace Splade.Server.Storage;

/// <summary>Why a hit got its score: for each vector query in the request (prefetches included), its score for the hit, the hit's
/// rank in that query's results, and for sparse queries the matched terms.</summary>
/// <param name="Queries">One entry per nearest query, depth first in the order of the request.</param>
internal sealed record HitExplanation(IReadOnlyList<QueryExplanation> Queries);

/// <summary>One nearest query's part in a hit's explanation.</summary>
/// <param name="Using">The named vector it searched.</param>
/// <param name="Sparse">Whether it is a sparse query.</param>
/// <param name="Score">The hit's score for this query, or null when the hit has no such vector.</param>
/// <param name="Rank">The hit's 1-based rank among this query's results, or null when it was not among them.</param>
/// <param name="Terms">For sparse queries, the matched terms by descending contribution.</param>
internal sealed record QueryExplanation(string Using, bool Sparse, float? Score, int? Rank, IReadOnlyList<TermExplanation>? Terms);

/// <summary>A term a sparse query and a hit share.</summary>
/// <param name="Index">The term's index.</param>
/// <param name="Token">Its readable token, when the query came from a known model.</param>
/// <param name="QueryWeight">Its weight in the query (after IDF, for vectors with the idf modifier).</param>
/// <param name="DocumentWeight">Its weight in the document.</param>
/// <param name="QueryExpansion">True when the term is not in the query text (added by the model), null when unknown.</param>
/// <param name="DocumentExpansion">True when the term is not in the document's text, null when unknown.</param>
internal sealed record TermExplanation(uint Index, string? Token, float QueryWeight, float DocumentWeight, bool? QueryExpansion, bool? DocumentExpansion)
{
    /// <summary>What the term adds to the score: query weight times document weight.</summary>
    public float Contribution => QueryWeight * DocumentWeight;
}
