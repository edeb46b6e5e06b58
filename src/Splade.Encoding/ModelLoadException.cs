namespace Splade.Encoding;

/// <summary>
/// A model folder cannot be used: a file is missing or unreadable, <c>config.json</c> lacks a field, or the ONNX graph has inputs,
/// outputs or dimensions the encoder does not expect.
/// </summary>
/// <remarks>The message names the file, and where it applies the field, input or output, so that the user can fix the folder.
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception with a message that names what was wrong.</summary>
    public ModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelLoadException()
        : base("The model folder cannot be loaded.")
    {
    }

    /// <summary>The file that was missing or invalid, when one file is to blame.</summary>
    public string? FilePath { get; init; }
}
