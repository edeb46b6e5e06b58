using System.Runtime.InteropServices;
using CsCheck;
using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Onnx;
using Splade.Checkpoints.Quantization;
using Splade.Checkpoints.Tests.Support;
using Splade.Encoding;
using Splade.Encoding.Tests.Support;

namespace Splade.Checkpoints.Tests.Quantization;

public sealed class DynamicInt8QuantizerTests
{
    [Fact]
    public void Column_codes_dequantize_within_half_a_step_of_the_weight_and_are_transposed()
    {
        Gen.Int[1, 9]
            .SelectMany(rows => Gen.Int[1, 9].SelectMany(columns => Gen.Float[-3f, 3f].Array[rows * columns].Select(values => (rows, columns, values))))
            .Sample(sample =>
            {
                var (rows, columns, values) = sample;
                var weight = OnnxTensor.Floats("w", values, rows, columns);
                var (quantized, scales) = DynamicInt8Quantizer.QuantizeColumns(weight);
                Assert.Equal([columns, rows], quantized.Dims);
                var codes = MemoryMarshal.Cast<byte, sbyte>(quantized.Raw);
                for (var n = 0; n < rows; n++)
                {
                    // Oracle: the scale is the row's largest magnitude over 127, and each code is the nearest step.
                    var max = 0f;
                    for (var k = 0; k < columns; k++)
                    {
                        max = Math.Max(max, Math.Abs(values[(n * columns) + k]));
                    }

                    Assert.Equal(max > 0 ? max / 127f : 1f, scales[n], 6);
                    for (var k = 0; k < columns; k++)
                    {
                        var restored = codes[(k * rows) + n] * scales[n];
                        Assert.True(Math.Abs(restored - values[(n * columns) + k]) <= (scales[n] / 2) + 1e-6f, $"row {n}, column {k}");
                    }
                }
            });
    }

    [Theory]
    [InlineData(CheckpointFolder.Bert)]
    [InlineData(CheckpointFolder.DistilBert)]
    public void An_int8_model_keeps_the_float_vectors_direction_and_heaviest_terms(string fixture)
    {
        using var checkpoint = new CheckpointFolder(fixture);
        var float32 = CheckpointConverter.Convert(checkpoint.Path, checkpoint.Sibling("float32"));
        var int8 = CheckpointConverter.Convert(checkpoint.Path, checkpoint.Sibling("int8"), new ConversionOptions { QuantizeInt8 = true });
        var graph = OnnxModelReader.Read(Path.Combine(int8, "onnx", "model.onnx"));
        Assert.Contains(graph.Nodes, node => node.OpType == "DynamicQuantizeMatMul");
        Assert.DoesNotContain(graph.Nodes, node => node.OpType == "Gemm");
        Assert.All(
            graph.Nodes.Where(node => node.OpType == "DynamicQuantizeMatMul"),
            node => Assert.Equal(OnnxDataType.Int8, graph.FindInitializer(node.Inputs[1])!.DataType));

        var texts = ReferenceVectors.Items(fixture).Select(item => item.Text).ToArray();
        using var reference = SpladeEncoder.Load(float32);
        using var quantized = SpladeEncoder.Load(int8);
        var expected = reference.EncodeBatch(texts);
        var actual = quantized.EncodeBatch(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(expected[i].Cosine(actual[i]) > 0.99, $"text {i}: cosine {expected[i].Cosine(actual[i])}");
            var top = expected[i].TopK(10).Indices.ToArray();
            Assert.True(actual[i].TopK(10).Indices.ToArray().Intersect(top).Count() >= 7, $"text {i}: top-10 terms differ");
            Assert.True(Dense.MaxDifference(expected[i], actual[i]) > 0, "int8 must change the numbers");
        }
    }
}
