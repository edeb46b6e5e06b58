using System.Security.Cryptography;
using System.Text;

namespace Splade.Server.Http;

/// <summary>The server's API keys, compared in constant time (over SHA-256 digests, so lengths leak nothing either).</summary>
internal sealed class ApiKeys
{
    private readonly byte[]? _full;
    private readonly byte[]? _readOnly;

    public ApiKeys(string? full, string? readOnly)
    {
        _full = Digest(full);
        _readOnly = Digest(readOnly);
    }

    /// <summary>Whether any key is set (then every endpoint but /healthz needs one).</summary>
    public bool Enabled => _full is not null || _readOnly is not null;

    public ApiAccess Check(string presented)
    {
        var digest = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(presented));
        // Both comparisons always run, so the time taken does not tell which key (if any) matched.
        var full = _full is not null & CryptographicOperations.FixedTimeEquals(digest, _full ?? new byte[32]);
        var readOnly = _readOnly is not null & CryptographicOperations.FixedTimeEquals(digest, _readOnly ?? new byte[32]);
        return full ? ApiAccess.Full : readOnly ? ApiAccess.ReadOnly : ApiAccess.None;
    }

    private static byte[]? Digest(string? key) => string.IsNullOrEmpty(key) ? null : SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
}

/// <summary>What a presented key allows.</summary>
internal enum ApiAccess
{
    None,
    ReadOnly,
    Full,
}
