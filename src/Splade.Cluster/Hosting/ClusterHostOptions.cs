using System.Net;
using Splade.Server.Storage;

namespace Splade.Cluster.Hosting;

/// <summary>How to run one silo of a Splade.NET cluster (the options of <c>splade serve --cluster</c>).</summary>
internal sealed record ClusterHostOptions
{
    /// <summary>The silo's data folder (its shard replicas).</summary>
    public required string DataFolder { get; init; }

    /// <summary>The Redis server that holds the membership table and the shard map, as <c>redis://HOST:PORT</c>.</summary>
    public required string Redis { get; init; }

    /// <summary>Silos with the same cluster id form one cluster; others sharing the Redis server are separate clusters.</summary>
    public string ClusterId { get; init; } = "splade";

    /// <summary>The address other silos reach this one at.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port of silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The StackExchange.Redis configuration (<c>HOST:PORT</c>) of <see cref="Redis"/>.</summary>
    /// <exception cref="StoreException">The address is not a <c>redis://HOST:PORT</c> URL (kind BadInput).</exception>
    public string RedisConfiguration()
    {
        if (!Uri.TryCreate(Redis, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0
            || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0)
        {
            throw StoreException.BadInput($"--cluster must be a Redis address such as redis://127.0.0.1:6379, got `{Redis}`.");
        }

        return FormattableString.Invariant($"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port)}");
    }
}
