namespace Splade.Cluster.Routing;

/// <summary>The hits of a cluster search, best first (ties by point id), and the shards that could not answer: a search whose
/// shard has no reachable replica answers with the others and names it, never silently.</summary>
internal sealed record ClusterSearchResult(IReadOnlyList<ClusterHit> Hits, IReadOnlyList<int> MissingShards)
{
    public bool Complete => MissingShards.Count == 0;
}
