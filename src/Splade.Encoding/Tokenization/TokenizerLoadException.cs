namespace Splade.Encoding.Tokenization;

/// <summary>
/// A tokenizer could not be loaded: a file is missing, malformed, or describes a tokenizer this library does not support.
/// The message names the file and, where it applies, the field or line.
/// </summary>
/// <remarks>Thread safety: immutable once thrown, so it may be read from any thread.</remarks>
public sealed class TokenizerLoadException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public TokenizerLoadException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was wrong, naming the file and field.</param>
    public TokenizerLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    /// <param name="message">What was wrong, naming the file and field.</param>
    /// <param name="innerException">The underlying error.</param>
    public TokenizerLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
