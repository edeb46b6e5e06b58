using System.Net;
using System.Net.Sockets;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

/// <summary><c>splade cluster</c>'s refusals before it reaches a cluster (the process tests of Splade.Cluster.Tests drain real nodes):
/// a bad node address or timeout is a usage error, a node that does not answer is named, and <c>serve</c>'s cluster-only option is
/// refused without <c>--cluster</c>.</summary>
public sealed class ClusterCommandTests
{
    [Fact]
    public void A_node_address_that_is_not_http_is_a_usage_error()
    {
        var result = SpladeProcess.Run("cluster", "drain", "127.0.0.1:11111", "--node", "ftp://127.0.0.1:6333");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--node must be a node's HTTP address", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_below_one_second_is_a_usage_error()
    {
        var result = SpladeProcess.Run("cluster", "drain", "127.0.0.1:11111", "--timeout", "0");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--timeout must be at least 1 second", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_that_does_not_answer_is_named()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = SpladeProcess.Run("cluster", "status", "--node", $"http://127.0.0.1:{port}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot reach the node at http://127.0.0.1:{port}/", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_drain_timeout_of_serve_needs_cluster()
    {
        using var data = new TempFolder("splade-cli-cluster-");
        var result = SpladeProcess.Run("serve", "--data", data.Path, "--drain-timeout", "5");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--drain-timeout only applies to a cluster node", result.StandardError, StringComparison.Ordinal);
    }
}
