using System.Diagnostics;
using Splade.Core;
using Splade.Encoding.Dense;
using Splade.Index;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Hybrid;

namespace Splade.Bench.Dense;

/// <summary>
/// The index's int8 dense storage against its float32 storage on one collection: the same embeddings go into two on-disk indexes
/// (<see cref="IndexOptions.DensePrecision"/> Float32 and Int8), and each query's <see cref="SparseIndex.SearchDense"/> top 10 and
/// top 100 are compared (recall of the float32 ids), with the Dense files' bytes and the median scan latency of each.
/// </summary>
internal static class Int8RecallBenchmark
{
    private const int Repeats = 5;

    public static Dictionary<string, object> Run(DenseEncoder encoder, BeirDataset dataset, string cacheFolder)
    {
        var ids = dataset.Corpus.Select(d => d.Id).ToArray();
        var texts = dataset.Corpus.Select(d => d.FullText).ToArray();
        var dimension = encoder.Dimension;
        var matrix = new DenseEmbeddingCache(cacheFolder).GetOrEncode(encoder, ids, texts);
        var queries = encoder.EncodeQueries(dataset.Queries.Select(q => q.Text).ToArray());
        var root = Path.Combine(Path.GetTempPath(), "splade-bench-dense-int8", Guid.NewGuid().ToString("N"));
        try
        {
            using var float32 = Build(Path.Combine(root, "float32"), DensePrecision.Float32, ids, matrix, dimension);
            using var int8 = Build(Path.Combine(root, "int8"), DensePrecision.Int8, ids, matrix, dimension);
            WarmUp(float32, int8, queries);
            double recall10 = 0, recall100 = 0;
            var float32Latency = new List<double>();
            var int8Latency = new List<double>();
            foreach (var query in queries)
            {
                var exact = float32.SearchDense(query, new SearchOptions { K = 100 }).Hits;
                var quantised = int8.SearchDense(query, new SearchOptions { K = 100 }).Hits;
                recall10 += Overlap(exact, quantised, 10);
                recall100 += Overlap(exact, quantised, 100);
                for (var r = 0; r < Repeats; r++)
                {
                    float32Latency.Add(Scan(float32, query));
                    int8Latency.Add(Scan(int8, query));
                }
            }

            var float32Bytes = DenseBytes(Path.Combine(root, "float32"));
            var int8Bytes = DenseBytes(Path.Combine(root, "int8"));
            var float32P50 = Median(float32Latency);
            var int8P50 = Median(int8Latency);
            return new Dictionary<string, object>
            {
                ["dataset"] = dataset.Name,
                ["source"] = "SparseIndex.SearchDense, DensePrecision.Int8 against DensePrecision.Float32",
                ["documents"] = ids.Length,
                ["queries"] = queries.Length,
                ["dimension"] = dimension,
                ["recall_at_10_vs_float32"] = recall10 / queries.Length,
                ["recall_at_100_vs_float32"] = recall100 / queries.Length,
                ["dense_bytes_float32"] = float32Bytes,
                ["dense_bytes_int8"] = int8Bytes,
                ["dense_bytes_ratio_int8_to_float32"] = (double)int8Bytes / float32Bytes,
                ["scan_p50_ms_float32"] = float32P50,
                ["scan_p50_ms_int8"] = int8P50,
                ["scan_p50_ratio_int8_to_float32"] = int8P50 / float32P50,
            };
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static SparseIndex Build(string folder, DensePrecision precision, string[] ids, float[] matrix, int dimension)
    {
        var index = SparseIndex.Open(folder, new IndexOptions { DensePrecision = precision, Durable = false });
        // Dense search ignores the sparse side, but every document needs one non-zero term.
        var placeholder = new SparseVector([0], [1f]);
        index.Upsert(ids.Select((id, d) => new IndexDocument(id, placeholder) { Dense = matrix.AsSpan(d * dimension, dimension).ToArray() }));
        index.Merge();
        return index;
    }

    /// <summary>Runs the scans for a while first, so that both are timed after tiered compilation has optimised the scan loop.</summary>
    private static void WarmUp(SparseIndex float32, SparseIndex int8, float[][] queries)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < 2)
        {
            foreach (var query in queries)
            {
                Scan(float32, query);
                Scan(int8, query);
            }
        }
    }

    private static double Scan(SparseIndex index, float[] query)
    {
        var started = Stopwatch.GetTimestamp();
        index.SearchDense(query, new SearchOptions { K = 10 });
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static long DenseBytes(string folder) => Directory.GetFiles(folder, "*.dns").Sum(file => new FileInfo(file).Length);

    /// <summary>The share of the float32 top k that the int8 top k also contains.</summary>
    private static double Overlap(IReadOnlyList<SearchHit> exact, IReadOnlyList<SearchHit> quantised, int k)
    {
        var expected = exact.Take(k).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        return expected.Count == 0 ? 1d : quantised.Take(k).Count(h => expected.Contains(h.Id)) / (double)expected.Count;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
