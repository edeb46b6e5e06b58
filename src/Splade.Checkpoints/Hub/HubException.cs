namespace Splade.Checkpoints.Hub;

/// <summary>
/// The Hugging Face hub or its cache could not give what was asked: a missing or gated repository, a missing revision or file,
/// a reply that is not what it claims (size or hash), a network failure after the retries, a model not in the cache offline.
/// </summary>
/// <remarks>The message names the repository, revision and file, and what to do (pass a token, run <c>splade model pull</c>).
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class HubException : Exception
{
    /// <summary>Creates the exception with a message that names what was wrong.</summary>
    public HubException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public HubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public HubException()
        : base("The Hugging Face hub request failed.")
    {
    }

    /// <summary>The hub's <c>X-Error-Code</c> (RepoNotFound, GatedRepo, RevisionNotFound, EntryNotFound), when it sent one.</summary>
    public string? ErrorCode { get; init; }
}
