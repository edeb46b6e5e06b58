using System.Text.Json;

namespace Splade.Server.Json;

/// <summary>A request body that is valid JSON but not of the expected shape; the message says what was expected, and the serializer
/// adds where (<see cref="JsonException.Path"/>).</summary>
internal sealed class RequestFormatException : JsonException
{
    public RequestFormatException(string message)
        : base(message)
    {
    }

    public RequestFormatException(string message, bool unsupported)
        : base(message)
    {
        Unsupported = unsupported;
    }

    /// <summary>True when the body asks for a Qdrant feature Splade.NET does not offer (rather than being malformed).</summary>
    public bool Unsupported { get; }

    public RequestFormatException()
    {
    }

    public RequestFormatException(string message, string? path, long? lineNumber, long? bytePositionInLine)
        : base(message, path, lineNumber, bytePositionInLine)
    {
    }

    public RequestFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
