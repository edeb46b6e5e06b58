namespace Splade.Cli.Input;

/// <summary>An input file has a malformed line; the message names the file and the line number.</summary>
internal sealed class InputFileException : Exception
{
    public InputFileException(string message)
        : base(message)
    {
    }

    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputFileException()
    {
    }
}
