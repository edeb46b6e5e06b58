namespace Splade.Encoding.Onnx;

/// <summary>What the graph's output holds.</summary>
internal enum TransformerOutputKind
{
    /// <summary>One row per token: <c>[batch, sequence, width]</c> (masked-LM logits or hidden states).</summary>
    PerToken,

    /// <summary>One row per text, already pooled inside the graph: <c>[batch, width]</c>.</summary>
    Pooled,
}
