namespace Splade.Server;

/// <summary>How a Splade.NET server is started.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record ServerOptions
{
    /// <summary>The data folder: collections live under <c>collections/</c>; created when missing.</summary>
    public required string DataFolder { get; init; }

    /// <summary>The addresses to listen on (default <c>http://127.0.0.1:6333</c>); port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:6333"];

    /// <summary>Whether an empty data folder gets the MEDLINE demo collection.</summary>
    public bool Demo { get; init; } = true;

    /// <summary>The API key with full access, or null for none. With any key set, every endpoint but <c>/healthz</c> needs one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>An API key that may read (query, search, retrieve, scroll, count, info) but not write.</summary>
    public string? ReadOnlyApiKey { get; init; }

    /// <summary>Allows listening on a non-loopback address without an API key.</summary>
    public bool Insecure { get; init; }

    /// <summary>Extra SPLADE model folders, by the name requests use for them.</summary>
    public IReadOnlyDictionary<string, string> SpladeModels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How many encodings run at once (default: the processor count).</summary>
    public int? EncodeConcurrency { get; init; }

    /// <summary>How many encode requests may wait for a free encoder before new ones are refused with 429 (default: 4 per encoder).</summary>
    public int? EncodeQueueLength { get; init; }

    /// <summary>The limits every request is held to.</summary>
    public ServerLimits Limits { get; init; } = new();
}
