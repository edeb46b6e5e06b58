using Splade.Checkpoints.Graph;

namespace Splade.Checkpoints.Conversion;

/// <summary>How a checkpoint is turned into an ONNX model folder.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record ConversionOptions
{
    /// <summary>What the graph outputs; per-token logits (pooled by the encoder) by default, the faster and lighter choice (docs/MODELS.md).</summary>
    public GraphOutput Output { get; init; } = GraphOutput.Logits;

    /// <summary>Stores the matrix multiplications' weights as int8 and runs them with dynamic int8 quantization of the activations.</summary>
    public bool QuantizeInt8 { get; init; }

    /// <summary>
    /// Whether a pooled graph applies log(1 + x) twice after ReLU, as a sentence-transformers SpladePooling with
    /// <c>activation_function</c> <c>log1p_relu</c> does; false applies it once, SPLADE's log(1 + relu(x)) (SpladePooling's
    /// <c>relu</c>).
    /// </summary>
    internal bool DoubleLog { get; init; }
}
