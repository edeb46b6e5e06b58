namespace Splade.Encoding.Dense;

/// <summary>How a dense encoder turns per-token hidden states into one sentence vector.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum DensePooling
{
    /// <summary>The mean of the hidden states of the real (non-padding) tokens, as sentence-transformers' mean pooling.</summary>
    Mean,

    /// <summary>The hidden state of the first token, [CLS].</summary>
    Cls,
}
