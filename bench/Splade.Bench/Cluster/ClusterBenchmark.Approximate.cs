using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Bench.Cluster;

/// <summary>The <c>--approximate</c> mode of the benchmark: the sharded collection's vector has an approximate index (default
/// knobs), and the recall@10 of the cluster's answers is measured against the single machine's exact ones.</summary>
internal static partial class ClusterBenchmark
{
    /// <summary>Search params that force exact search (Qdrant's <c>exact</c>).</summary>
    private static readonly SearchParams Exact = new(Exact: true);

    /// <summary>The workload's configuration with an approximate index on its vector, default knobs.</summary>
    private static CollectionConfig ApproximateWorkloadConfig { get; } = ClusterWorkload.Config with
    {
        Sparse = [new SparseVectorConfig(ClusterWorkload.Vector, SparseModifier.None, string.Empty) { Approximate = new ApproximateConfig() }],
    };

    /// <summary>The mean recall@10 of the cluster's approximate top 10 (each shard's replica searched approximately, merged) against
    /// the single machine's exact top 10 (ties by point id), over the checked queries; and whether every approximate hit carries
    /// its exact score (a hit of the exact top 10 must have the same score in both).</summary>
    private static async Task<JsonObject> RecallAsync(
        ClusterCollections collections, string name, ClusterWorkload workload, List<IReadOnlyList<ShardHit>> expected)
    {
        double sum = 0;
        var scoreMismatches = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var result = await collections.SearchAsync(name, new ClusterSearch(ClusterWorkload.Vector, workload.Query(i), K)).ConfigureAwait(false);
            var exact = expected[i].ToDictionary(hit => hit.Id, hit => hit.Score, StringComparer.Ordinal);
            var found = 0;
            foreach (var hit in result.Hits)
            {
                if (exact.TryGetValue(hit.Id.ToEngineId(), out var score))
                {
                    found++;
                    scoreMismatches += score.Equals(hit.Score) ? 0 : 1;
                }
            }

            sum += expected[i].Count == 0 ? 1 : found / (double)expected[i].Count;
        }

        return new JsonObject
        {
            ["knobs"] = "ApproximateIndexOptions.Default and ApproximateSearchOptions.Default (postings_per_term 1500, block_size 32, "
                + "summary_energy 0.4, max_summary_terms 64, clustering_terms 12, query_terms 16, heap_factor 1.2), each replica checkpointed "
                + "once loaded (one sealed segment with its approximate index per replica)",
            ["queries_checked"] = expected.Count,
            ["recall_at_10_against_single_machine_exact"] = expected.Count == 0 ? null : Math.Round(sum / expected.Count, 4),
            ["hits_of_the_exact_top10_with_a_different_score"] = scoreMismatches,
        };
    }
}
