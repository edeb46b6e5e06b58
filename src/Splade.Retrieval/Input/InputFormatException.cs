namespace Splade.Retrieval.Input;

/// <summary>An input file is missing, unreadable or malformed; the message says where (file, line, field) and what was wrong.</summary>
/// <remarks>
/// The one error every reader of user files raises: JSON lines of documents, vectors and queries (<see cref="JsonLinesReader"/>,
/// <see cref="IndexDocumentJsonl"/>), test collections, qrels and run files. The message is <c>file:line: problem</c>, or
/// <c>file: problem</c> when the problem concerns the whole file, and the problem names the field when one is at fault.
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class InputFormatException : Exception
{
    /// <summary>Creates the exception for a problem at a line of a file.</summary>
    /// <param name="path">The file, or the name of the stream (such as "standard input").</param>
    /// <param name="line">The 1-based line number, or 0 when the problem concerns the whole file.</param>
    /// <param name="field">The field at fault, or null.</param>
    /// <param name="problem">What was wrong, as a sentence fragment that names the field when there is one.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InputFormatException(string path, int line, string? field, string problem, Exception? innerException = null)
        : base(line > 0 ? $"{path}:{line}: {problem}" : $"{path}: {problem}", innerException)
    {
        FilePath = path;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>Creates the exception with no location.</summary>
    public InputFormatException()
        : this(string.Empty, 0, null, "malformed input")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public InputFormatException(string message)
        : this(string.Empty, 0, null, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InputFormatException(string message, Exception? innerException)
        : this(string.Empty, 0, null, message, innerException)
    {
    }

    /// <summary>The file (or stream name) at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the problem, or 0 when it concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The field at fault, or null when the problem is not one field's.</summary>
    public string? Field { get; }

    /// <summary>What was wrong, without the file and line.</summary>
    public string Problem { get; }
}
