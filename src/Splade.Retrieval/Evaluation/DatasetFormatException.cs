namespace Splade.Retrieval.Evaluation;

/// <summary>A test collection or run file is malformed; the message names the file, the line and what was wrong.</summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception for a problem at a line of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The 1-based line number, or 0 when the problem concerns the whole file.</param>
    /// <param name="problem">What was wrong.</param>
    /// <param name="innerException">The underlying parse error, if any.</param>
    public DatasetFormatException(string path, int line, string problem, Exception? innerException = null)
        : base(line > 0 ? $"{path}:{line}: {problem}" : $"{path}: {problem}", innerException)
    {
        FilePath = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public DatasetFormatException()
        : this(string.Empty, 0, "malformed data")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public DatasetFormatException(string message)
        : this(string.Empty, 0, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DatasetFormatException(string message, Exception? innerException)
        : this(string.Empty, 0, message, innerException)
    {
    }

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the problem, or 0 when it concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>What was wrong, without the file and line.</summary>
    public string Problem { get; }
}
