namespace Splade.Encoding.Tokenization;

/// <summary>The span of the original text a token came from, in UTF-16 code units: <c>text[Start..End]</c>.</summary>
/// <param name="Start">Index of the first code unit.</param>
/// <param name="End">Index one past the last code unit.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public readonly record struct TokenOffset(int Start, int End)
{
    /// <summary>The number of code units covered.</summary>
    public int Length => End - Start;
}
