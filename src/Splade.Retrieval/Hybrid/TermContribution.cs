namespace Splade.Retrieval.Hybrid;

/// <summary>One term shared by a query and a document and what it adds to the sparse score.</summary>
/// <param name="TermId">The vocabulary index of the term.</param>
/// <param name="QueryWeight">The term's weight in the query.</param>
/// <param name="DocumentWeight">The term's weight in the document.</param>
public readonly record struct TermContribution(uint TermId, float QueryWeight, float DocumentWeight)
{
    /// <summary>The term's share of the sparse dot product: <c>QueryWeight * DocumentWeight</c>.</summary>
    public float Contribution => QueryWeight * DocumentWeight;
}
