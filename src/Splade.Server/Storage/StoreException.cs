namespace Splade.Server.Storage;

/// <summary>A failure the caller can act on, with a message meant for the user; the HTTP layer turns it into Qdrant's error shape.</summary>
internal sealed class StoreException : Exception
{
    public StoreException(StoreErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreErrorKind Kind { get; }

    public static StoreException BadInput(string message) => new(StoreErrorKind.BadInput, message);

    public static StoreException Validation(string message) => new(StoreErrorKind.Validation, message);

    public static StoreException NotFound(string message) => new(StoreErrorKind.NotFound, message);

    public static StoreException Unsupported(string message) => new(StoreErrorKind.Unsupported, message);

    public static StoreException Limit(string message) => new(StoreErrorKind.LimitExceeded, message);

    public static StoreException CollectionMissing(string name) => NotFound($"Collection `{name}` doesn't exist!");
}
