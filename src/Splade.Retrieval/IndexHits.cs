using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval;

/// <summary>Converts the index engine's hits into the ranked documents retrieval methods return.</summary>
internal static class IndexHits
{
    public static ScoredDocument[] ToScoredDocuments(IReadOnlyList<SearchHit> hits)
    {
        var results = new ScoredDocument[hits.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new ScoredDocument(hits[i].Id, hits[i].Score);
        }

        return results;
    }
}
