namespace Splade.Encoding;

/// <summary>What the encoder does with texts longer than the maximum sequence length.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum LongDocumentMode
{
    /// <summary>Keeps the first tokens, as the reference does.</summary>
    Truncate,

    /// <summary>Encodes overlapping windows and pools all windows' tokens together with the same pooling.</summary>
    SlidingWindow,
}
