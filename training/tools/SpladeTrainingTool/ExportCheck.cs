using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Splade.Training.Tools;

/// <summary>
/// Runs an exported SPLADE model folder with ONNX Runtime on the token ids of its check.json and compares the
/// max-pooled vectors with the ones PyTorch computed: checks graph signatures, sparsity and numbers.
/// </summary>
internal static class ExportCheck
{
    private const float Tolerance = 1e-3f;

    public static int Run(string folder)
    {
        var checkPath = Path.Combine(folder, "check.json");
        if (!File.Exists(checkPath))
        {
            Console.Error.WriteLine($"{checkPath} not found: run export_onnx.py first");
            return 2;
        }

        using var check = JsonDocument.Parse(File.ReadAllText(checkPath));
        var worst = 0f;
        var failures = 0;
        foreach (var (file, output) in new[]
        {
            ("model.onnx", "logits"),
            ("model_pooled_max.onnx", "sparse_embedding"),
            ("model_quantized.onnx", "logits"),
            ("model_fp16.onnx", "logits"),
        })
        {
            var path = Path.Combine(folder, "onnx", file);
            if (!File.Exists(path))
            {
                Console.WriteLine($"{file}: not present");
                continue;
            }

            using var session = new InferenceSession(path);
            var signature = $"[{string.Join(", ", session.InputMetadata.Keys)}] -> [{string.Join(", ", session.OutputMetadata.Keys)}]";
            Console.WriteLine($"{file}: {signature}");
            if (!session.OutputMetadata.ContainsKey(output))
            {
                Console.Error.WriteLine($"{file}: output '{output}' missing");
                failures++;
                continue;
            }

            var quantized = file.Contains("quantized", StringComparison.Ordinal) || file.Contains("fp16", StringComparison.Ordinal);
            foreach (var item in check.RootElement.GetProperty("items").EnumerateArray())
            {
                var ids = item.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var vector = Pool(session, ids, output);
                var expected = Expected(item.GetProperty("max"), vector.Length);
                var diff = 0f;
                var nnz = 0;
                double dot = 0, norm = 0, expectedNorm = 0;
                for (var j = 0; j < vector.Length; j++)
                {
                    diff = Math.Max(diff, Math.Abs(vector[j] - expected[j]));
                    nnz += vector[j] > 0 ? 1 : 0;
                    dot += vector[j] * expected[j];
                    norm += vector[j] * vector[j];
                    expectedNorm += expected[j] * expected[j];
                }

                var cosine = dot / Math.Sqrt(Math.Max(norm * expectedNorm, double.Epsilon));
                var expectedNnz = item.GetProperty("max").GetProperty("indices").GetArrayLength();
                Console.WriteLine($"  {ids.Length,4} tokens: nnz {nnz} (PyTorch {expectedNnz}), max |diff| {diff:E2}, cosine {cosine:F5}");
                if (!quantized)
                {
                    worst = Math.Max(worst, diff);
                    failures += diff > Tolerance ? 1 : 0;
                }
            }
        }

        Console.WriteLine(
            failures == 0 ? $"OK: ONNX Runtime matches PyTorch within {worst:E2}" : $"FAILED: {failures} vectors differ by more than {Tolerance}");
        return failures == 0 ? 0 : 3;
    }

    private static float[] Pool(InferenceSession session, long[] ids, string output)
    {
        var length = ids.Length;
        var inputIds = new DenseTensor<long>(ids, [1, length]);
        var mask = new DenseTensor<long>(Enumerable.Repeat(1L, length).ToArray(), [1, length]);
        var types = new DenseTensor<long>(new long[length], [1, length]);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ], [output]);
        var tensor = results[0].AsTensor<float>();
        var vocabulary = tensor.Dimensions[^1];
        var pooled = new float[vocabulary];
        if (tensor.Rank == 2)
        {
            for (var j = 0; j < vocabulary; j++)
            {
                pooled[j] = tensor[0, j];
            }

            return pooled;
        }

        for (var t = 0; t < length; t++)
        {
            for (var j = 0; j < vocabulary; j++)
            {
                pooled[j] = Math.Max(pooled[j], MathF.Log(1 + Math.Max(tensor[0, t, j], 0f)));
            }
        }

        return pooled;
    }

    private static float[] Expected(JsonElement sparse, int vocabulary)
    {
        var dense = new float[vocabulary];
        var values = sparse.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var k = 0;
        foreach (var index in sparse.GetProperty("indices").EnumerateArray())
        {
            dense[index.GetInt32()] = values[k++];
        }

        return dense;
    }
}
