using System.Numerics.Tensors;

namespace Splade.Server.Storage;

internal sealed partial class Collection
{
    /// <summary>Scores the stored vectors of <paramref name="candidates"/> with a vector query (a query level over prefetches):
    /// each point once, in the order first given, leaving out <paramref name="excluded"/> and points without the vector (or no
    /// longer here). A sparse query with the idf modifier is weighed by <paramref name="statistics"/> when given (a whole cluster's),
    /// else by this collection's own.</summary>
    /// <exception cref="StoreException">An unknown vector or a query that does not fit it.</exception>
    public List<Candidate> ScoreStored(
        IEnumerable<Candidate> candidates, string name, VectorValue vector, PointId? excluded, TermStatistics? statistics = null)
    {
        VectorIndex(name);
        var query = PrepareVector(name, vector, "the query");
        var sparse = query.Sparse is { } raw ? WeightedSparseQuery(name, raw, statistics) : null;
        var seen = new HashSet<PointId>();
        var result = new List<Candidate>();
        foreach (var candidate in candidates)
        {
            if (!seen.Add(candidate.Id) || candidate.Id == excluded || ReadVector(name, candidate.Id.ToEngineId()) is not { } stored)
            {
                continue;
            }

            var score = sparse is not null ? sparse.Dot(stored.Sparse!) : TensorPrimitives.Dot(query.Dense!, stored.Dense!);
            result.Add(candidate with { Score = score });
        }

        return result;
    }
}
