using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Splade.Bench.Quantize;

/// <summary>Which ONNX Runtime kernels a model runs: one profiled batch, counted by operator and execution provider.</summary>
internal static class KernelProfile
{
    public static Dictionary<string, int> Count(string onnxPath, int[][] batch, bool withTokenTypes)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"splade-profile-{Guid.NewGuid():N}");
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, EnableProfiling = true, ProfileOutputPathPrefix = prefix,
        };
        string profile;
        using (var session = new InferenceSession(onnxPath, options))
        {
            var length = batch.Max(ids => ids.Length);
            var ids = new long[batch.Length * length];
            var mask = new long[ids.Length];
            for (var row = 0; row < batch.Length; row++)
            {
                for (var i = 0; i < batch[row].Length; i++)
                {
                    ids[(row * length) + i] = batch[row][i];
                    mask[(row * length) + i] = 1;
                }
            }

            long[] shape = [batch.Length, length];
            var inputs = new List<OrtValue>
            {
                OrtValue.CreateTensorValueFromMemory(ids, shape),
                OrtValue.CreateTensorValueFromMemory(mask, shape),
            };
            var names = new List<string> { "input_ids", "attention_mask" };
            if (withTokenTypes)
            {
                inputs.Add(OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape));
                names.Add("token_type_ids");
            }

            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, names, inputs, session.OutputNames);
            foreach (var input in inputs)
            {
                input.Dispose();
            }

            profile = session.EndProfiling();
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(File.ReadAllBytes(profile)))
        {
            foreach (var e in document.RootElement.EnumerateArray())
            {
                if (e.TryGetProperty("cat", out var cat) && cat.GetString() == "Node" && e.TryGetProperty("args", out var args)
                    && args.TryGetProperty("op_name", out var op) && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
                {
                    var key = $"{op.GetString()} ({(args.TryGetProperty("provider", out var p) ? p.GetString() : "?")})";
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        File.Delete(profile);
        return new Dictionary<string, int>(counts);
    }
}
