namespace Splade.Encoding;

/// <summary>How token weights are combined into one weight per vocabulary term.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum SpladePooling
{
    /// <summary>The largest <c>log(1 + relu(logit))</c> over the text's tokens (SPLADE v2 and later).</summary>
    Max,

    /// <summary>The sum of <c>log(1 + relu(logit))</c> over the text's tokens (the original SPLADE).</summary>
    Sum,
}
