namespace Splade.Checkpoints.Hub;

/// <summary>
/// The hub settings Hugging Face's own tools read from the environment: <c>HF_ENDPOINT</c>, the cache (<c>HF_HUB_CACHE</c>, else
/// <c>HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c>), the token (<c>HF_TOKEN</c>, else the file <c>HF_TOKEN_PATH</c>, else
/// <c>HF_HOME/token</c>) and <c>HF_HUB_OFFLINE</c>.
/// </summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record HubEnvironment
{
    /// <summary>The hub's base URL (no trailing slash).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The cache folder that holds <c>models--org--name</c> folders.</summary>
    public required string CacheRoot { get; init; }

    /// <summary>The access token for private and gated repositories, or null.</summary>
    public string? Token { get; init; }

    /// <summary>Whether the network must not be used (<c>HF_HUB_OFFLINE</c>).</summary>
    public bool Offline { get; init; }

    /// <summary>Reads the settings from the process environment.</summary>
    public static HubEnvironment FromEnvironment() => From(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="variable"/> (tests pass their own).</summary>
    public static HubEnvironment From(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Value(string name) => variable(name) is { Length: > 0 } value ? value : null;
        var home = Value("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var hfHome = Value("HF_HOME") ?? Path.Combine(Value("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache"), "huggingface");
        var cache = Value("HF_HUB_CACHE") ?? Value("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(hfHome, "hub");
        var token = Value("HF_TOKEN") ?? Value("HUGGING_FACE_HUB_TOKEN");
        if (token is null)
        {
            var tokenPath = Value("HF_TOKEN_PATH") ?? Path.Combine(hfHome, "token");
            if (File.Exists(tokenPath))
            {
                token = File.ReadAllText(tokenPath).Trim() is { Length: > 0 } stored ? stored : null;
            }
        }

        var offline = Value("HF_HUB_OFFLINE")?.ToUpperInvariant() is "1" or "TRUE" or "YES" or "ON";
        return new HubEnvironment
        {
            Endpoint = (Value("HF_ENDPOINT") ?? "https://huggingface.co").TrimEnd('/'),
            CacheRoot = Path.GetFullPath(cache),
            Token = token,
            Offline = offline,
        };
    }
}
