namespace Splade.Cluster.Hosting;

/// <summary>How a server process joins a Splade.NET cluster (<c>splade serve --cluster</c>): where the membership table lives and
/// where this node's silo listens.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads.</remarks>
public sealed record ClusterServeOptions
{
    /// <summary>The Redis server holding the membership table and the shard map, as <c>redis://HOST[:PORT]</c>.</summary>
    public required string Redis { get; init; }

    /// <summary>Silos with the same cluster id form one cluster; silos with another id on the same Redis share nothing with it.</summary>
    public string ClusterId { get; init; } = "splade";

    /// <summary>The IP address other silos reach this one at (default loopback: every silo on one machine).</summary>
    public string SiloAddress { get; init; } = "127.0.0.1";

    /// <summary>The port of silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The port Orleans clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>On SIGTERM or Ctrl+C, how long the node may spend moving its replicas to other silos before it leaves anyway
    /// (<see cref="TimeSpan.Zero"/>: leave at once, as a crash would, and let the others rebuild them).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
