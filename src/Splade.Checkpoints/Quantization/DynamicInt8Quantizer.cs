using System.Runtime.InteropServices;
using Splade.Checkpoints.Onnx;

namespace Splade.Checkpoints.Quantization;

/// <summary>
/// Dynamic int8 quantization of the generated graph's matrix multiplications: every <c>Gemm</c> whose weight is a constant becomes a
/// com.microsoft <c>DynamicQuantizeMatMul</c> with the weight stored as int8, one symmetric scale per output column, and the bias
/// kept in float32; the activations are quantized to uint8 on the fly, per call, by ONNX Runtime.
/// </summary>
/// <remarks>
/// DynamicQuantizeMatMul is what ONNX Runtime fuses a DynamicQuantizeLinear + MatMulInteger pair into; writing it directly skips
/// the fusion and keeps per-column weight scales (better accuracy than one scale per matrix, at no cost in speed). Its u8 x s8
/// kernels use AVX-512 VNNI (or AVX-VNNI) where the CPU has it. The embedding lookups, attention products, LayerNorm and pooling
/// stay in float32. A weight shared with an embedding lookup (the tied decoder) keeps its float32 copy for the lookup.
/// </remarks>
internal static class DynamicInt8Quantizer
{
    /// <summary>Rewrites the graph in place; returns the number of matrices quantized.</summary>
    public static int Quantize(OnnxGraph graph)
    {
        var count = 0;
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (node.OpType != "Gemm" || node.Domain.Length > 0 || node.Inputs.Length < 2 || !IsTransB(node))
            {
                continue;
            }

            if (graph.FindInitializer(node.Inputs[1]) is not { DataType: OnnxDataType.Float, Dims.Length: 2 } weight)
            {
                continue;
            }

            var (quantized, scales) = QuantizeColumns(weight);
            var name = weight.Name + "_int8";
            if (graph.FindInitializer(name) is null)
            {
                graph.Add(quantized);
                graph.Add(OnnxTensor.Floats(name + "_scale", scales, scales.Length));
                graph.Add(new OnnxTensor(name + "_zero_point", OnnxDataType.Int8, [scales.Length], new byte[scales.Length]));
            }

            string[] inputs = node.Inputs.Length > 2
                ? [node.Inputs[0], name, name + "_scale", name + "_zero_point", node.Inputs[2]]
                : [node.Inputs[0], name, name + "_scale", name + "_zero_point"];
            graph.Nodes[i] = new OnnxNode(node.Name, "DynamicQuantizeMatMul", OnnxGraph.MicrosoftDomain, inputs, node.Outputs, []);
            count++;
        }

        RemoveUnused(graph);
        return count;
    }

    /// <summary>
    /// The weight <c>[N, K]</c> transposed to <c>[K, N]</c> as int8 with one scale per column <c>n</c>: <c>max |w| / 127</c>.
    /// </summary>
    internal static (OnnxTensor Quantized, float[] Scales) QuantizeColumns(OnnxTensor weight)
    {
        var rows = (int)weight.Dims[0];
        var columns = (int)weight.Dims[1];
        var values = MemoryMarshal.Cast<byte, float>(weight.Raw);
        var scales = new float[rows];
        var data = new byte[(long)rows * columns];
        var codes = MemoryMarshal.Cast<byte, sbyte>(data.AsSpan());
        for (var n = 0; n < rows; n++)
        {
            var row = values.Slice(n * columns, columns);
            var max = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(row);
            var scale = Math.Abs(max) > 0 ? Math.Abs(max) / 127f : 1f;
            scales[n] = scale;
            var inverse = 1f / scale;
            for (var k = 0; k < columns; k++)
            {
                codes[(k * rows) + n] = (sbyte)Math.Clamp(MathF.Round(row[k] * inverse), -127f, 127f);
            }
        }

        return (new OnnxTensor(weight.Name + "_int8", OnnxDataType.Int8, [columns, rows], data), scales);
    }

    private static bool IsTransB(OnnxNode node)
    {
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name == "transB")
            {
                return attribute.Int == 1;
            }

            if (attribute.Name is "transA" or "alpha" or "beta")
            {
                return false;
            }
        }

        return false;
    }

    private static void RemoveUnused(OnnxGraph graph)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            used.UnionWith(node.Inputs);
        }

        graph.Initializers.RemoveAll(tensor => !used.Contains(tensor.Name));
    }
}
