namespace Splade.Encoding;

/// <summary>What the encoder does with special tokens such as <c>[CLS]</c>, <c>[SEP]</c> and <c>[MASK]</c>.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum SpecialTokenPolicy
{
    /// <summary>Special positions are pooled like any other, and their own vocabulary entries may carry weight (as the reference implementations do).</summary>
    Keep,

    /// <summary>Special positions are pooled, but the special tokens' own vocabulary entries are set to zero in the result.</summary>
    ZeroVocabularyEntries,

    /// <summary>Special positions are left out of pooling (their logits still influence the other tokens through attention).</summary>
    ExcludePositions,
}
