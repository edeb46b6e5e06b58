namespace Splade.Server.Storage;

/// <summary>What kind of failure a <see cref="StoreException"/> reports; the HTTP layer maps each to a status code.</summary>
internal enum StoreErrorKind
{
    /// <summary>The request is well formed but cannot be carried out as asked (a wrong dimension, an unknown vector name).</summary>
    BadInput,

    /// <summary>A structural constraint on a request field is violated (Qdrant's validation errors).</summary>
    Validation,

    /// <summary>A collection or point does not exist.</summary>
    NotFound,

    /// <summary>A collection with that name already exists.</summary>
    AlreadyExists,

    /// <summary>The request asks for something Splade.NET does not offer (documented in docs/SERVER.md).</summary>
    Unsupported,

    /// <summary>A configured limit is exceeded; the message names it.</summary>
    LimitExceeded,

    /// <summary>The collection cannot serve (its files are damaged); other collections are unaffected.</summary>
    Unavailable,
}
