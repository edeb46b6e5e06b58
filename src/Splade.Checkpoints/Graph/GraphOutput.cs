namespace Splade.Checkpoints.Graph;

/// <summary>What the generated graph outputs.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum GraphOutput
{
    /// <summary>The masked-LM logits per token, <c>logits [batch, sequence, vocabulary]</c>; the encoder pools them.</summary>
    Logits,

    /// <summary>The SPLADE-max vector pooled inside the graph, <c>sparse_embedding [batch, vocabulary]</c>.</summary>
    PooledMax,

    /// <summary>The SPLADE-sum vector pooled inside the graph, <c>sparse_embedding [batch, vocabulary]</c>.</summary>
    PooledSum,
}
