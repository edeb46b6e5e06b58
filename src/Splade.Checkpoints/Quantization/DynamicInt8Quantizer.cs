using Splade.Checkpoints.Onnx;

namespace Splade.Checkpoints.Quantization;

/// <summary>Dynamic int8 quantization of the generated graph's matrix multiplications.</summary>
internal static class DynamicInt8Quantizer
{
    public static void Quantize(OnnxGraph graph) => throw new NotImplementedException();
}
