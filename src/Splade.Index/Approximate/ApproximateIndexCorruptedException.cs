namespace Splade.Index.Approximate;

/// <summary>A stored approximate index cannot be read: it is truncated, damaged, of an unsupported format version, or built for other documents.</summary>
/// <remarks>The message names what was wrong and where; rebuilding the index from its forward index repairs it.</remarks>
internal sealed class ApproximateIndexCorruptedException : IOException
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public ApproximateIndexCorruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public ApproximateIndexCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ApproximateIndexCorruptedException()
        : base("The stored approximate index is corrupted.")
    {
    }
}
