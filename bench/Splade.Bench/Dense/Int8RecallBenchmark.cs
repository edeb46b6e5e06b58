using System.Numerics.Tensors;
using Splade.Encoding.Dense;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Hybrid;

namespace Splade.Bench.Dense;

/// <summary>
/// Recall@10 and @100 of int8 dense scoring against exact float32 scoring, over a collection's documents and queries.
/// Quantisation is symmetric per vector (scale = max |x| / 127), the scheme an int8 dense index would store; the score is
/// the int32 dot product times both scales.
/// </summary>
internal static class Int8RecallBenchmark
{
    public static Dictionary<string, object> Run(DenseEncoder encoder, BeirDataset dataset, string cacheFolder)
    {
        var ids = dataset.Corpus.Select(d => d.Id).ToArray();
        var texts = dataset.Corpus.Select(d => d.FullText).ToArray();
        var dimension = encoder.Dimension;
        var matrix = new DenseEmbeddingCache(cacheFolder).GetOrEncode(encoder, ids, texts);
        var (codes, scales) = Quantize(matrix, dimension);

        var queries = encoder.Encode(dataset.Queries.Select(q => q.Text).ToArray());
        double recall10 = 0, recall100 = 0;
        var exact = new float[ids.Length];
        var approximate = new float[ids.Length];
        var queryCodes = new sbyte[dimension];
        foreach (var query in queries)
        {
            var queryScale = QuantizeRow(query, queryCodes);
            for (var d = 0; d < ids.Length; d++)
            {
                exact[d] = TensorPrimitives.Dot(query, matrix.AsSpan(d * dimension, dimension));
                approximate[d] = Int8Dot(queryCodes, codes.AsSpan(d * dimension, dimension)) * queryScale * scales[d];
            }

            recall10 += Overlap(exact, approximate, 10);
            recall100 += Overlap(exact, approximate, 100);
        }

        return new Dictionary<string, object>
        {
            ["dataset"] = dataset.Name,
            ["documents"] = ids.Length,
            ["queries"] = queries.Length,
            ["recall_at_10_vs_float32"] = recall10 / queries.Length,
            ["recall_at_100_vs_float32"] = recall100 / queries.Length,
            ["bytes_per_vector_float32"] = dimension * sizeof(float),
            ["bytes_per_vector_int8"] = dimension + sizeof(float),
        };
    }

    private static (sbyte[] Codes, float[] Scales) Quantize(float[] matrix, int dimension)
    {
        var rows = matrix.Length / dimension;
        var codes = new sbyte[matrix.Length];
        var scales = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            scales[r] = QuantizeRow(matrix.AsSpan(r * dimension, dimension), codes.AsSpan(r * dimension, dimension));
        }

        return (codes, scales);
    }

    private static float QuantizeRow(ReadOnlySpan<float> row, Span<sbyte> codes)
    {
        var magnitude = Math.Abs(TensorPrimitives.MaxMagnitude(row));
        var scale = magnitude > 0 ? magnitude / 127f : 1f;
        for (var i = 0; i < row.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(row[i] / scale), -127, 127);
        }

        return scale;
    }

    private static int Int8Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>The share of the exact top k that the approximate top k also contains.</summary>
    private static double Overlap(float[] exact, float[] approximate, int k)
    {
        var exactTop = TopIndices(exact, k);
        var approximateTop = TopIndices(approximate, k).ToHashSet();
        return exactTop.Count(approximateTop.Contains) / (double)exactTop.Length;
    }

    private static int[] TopIndices(float[] scores, int k)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(order, (a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        return order.Take(Math.Min(k, order.Length)).ToArray();
    }
}
