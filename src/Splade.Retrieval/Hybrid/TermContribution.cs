using Splade.Core;

namespace Splade.Retrieval.Hybrid;

/// <summary>One term shared by a query and a document and what it adds to the sparse score.</summary>
/// <param name="TermId">The vocabulary index of the term.</param>
/// <param name="QueryWeight">The term's weight in the query.</param>
/// <param name="DocumentWeight">The term's weight in the document.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public readonly record struct TermContribution(uint TermId, float QueryWeight, float DocumentWeight)
{
    /// <summary>The term's share of the sparse dot product: <c>QueryWeight * DocumentWeight</c>.</summary>
    public float Contribution => QueryWeight * DocumentWeight;

    /// <summary>The terms shared by <paramref name="query"/> and <paramref name="document"/>, largest contribution first (ties by
    /// term id); their contributions sum to the sparse dot product.</summary>
    /// <param name="query">The query vector.</param>
    /// <param name="document">The document vector.</param>
    public static IReadOnlyList<TermContribution> Match(SparseVector query, SparseVector document)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(document);
        var terms = new List<TermContribution>();
        var q = query.Indices;
        var d = document.Indices;
        int i = 0, j = 0;
        while (i < q.Length && j < d.Length)
        {
            if (q[i] == d[j])
            {
                terms.Add(new TermContribution(q[i], query.Values[i], document.Values[j]));
                i++;
                j++;
            }
            else if (q[i] < d[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        terms.Sort(static (a, b) =>
        {
            var byContribution = b.Contribution.CompareTo(a.Contribution);
            return byContribution != 0 ? byContribution : a.TermId.CompareTo(b.TermId);
        });
        return terms;
    }
}
