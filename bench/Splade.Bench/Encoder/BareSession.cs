using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Splade.Core;

namespace Splade.Bench.Encoder;

/// <summary>
/// The floor to compare against: one ONNX Runtime session fed pre-tokenized batches in the given order, each padded to its
/// longest sequence, with ONNX Runtime allocating the logits and a direct max-pooling loop over them.
/// </summary>
internal sealed class BareSession(string onnxPath, int threads) : IDisposable
{
    private readonly InferenceSession _session = new(
        onnxPath, new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });

    public (SparseVector[] Vectors, double Seconds) Encode(IReadOnlyList<int[]> sequences, int batchSize)
    {
        var vectors = new SparseVector[sequences.Count];
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < sequences.Count; start += batchSize)
        {
            var rows = Math.Min(batchSize, sequences.Count - start);
            var length = 0;
            for (var r = 0; r < rows; r++)
            {
                length = Math.Max(length, sequences[start + r].Length);
            }

            var ids = new long[rows * length];
            var mask = new long[rows * length];
            for (var r = 0; r < rows; r++)
            {
                var sequence = sequences[start + r];
                for (var p = 0; p < sequence.Length; p++)
                {
                    ids[(r * length) + p] = sequence[p];
                    mask[(r * length) + p] = 1;
                }
            }

            long[] shape = [rows, length];
            using var idValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typeValue = OrtValue.CreateTensorValueFromMemory(new long[rows * length], shape);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(
                runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idValue, maskValue, typeValue], [_session.OutputNames[0]]);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            var vocabulary = logits.Length / (rows * length);
            for (var r = 0; r < rows; r++)
            {
                var pooled = new float[vocabulary];
                for (var p = 0; p < sequences[start + r].Length; p++)
                {
                    TensorPrimitives.Max(pooled, logits.Slice(((r * length) + p) * vocabulary, vocabulary), pooled);
                }

                TensorPrimitives.LogP1(pooled, pooled);
                vectors[start + r] = SparseVector.FromDense(pooled);
            }
        }

        return (vectors, clock.Elapsed.TotalSeconds);
    }

    public void Dispose() => _session.Dispose();
}
