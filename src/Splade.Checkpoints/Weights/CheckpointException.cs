namespace Splade.Checkpoints.Weights;

/// <summary>
/// A checkpoint cannot be read or converted: an unsupported architecture, a missing or mis-shaped tensor, a damaged weights file,
/// a pickle that asks for something outside the allow list.
/// </summary>
/// <remarks>The message names the file and, where one is to blame, the tensor or field.
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception with a message that names what was wrong.</summary>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CheckpointException()
        : base("The checkpoint cannot be read.")
    {
    }

    /// <summary>The file that was missing or invalid, when one file is to blame.</summary>
    public string? FilePath { get; init; }
}
