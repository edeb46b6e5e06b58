using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Splade.Server.Tests.Process;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests.Serve;

/// <summary><c>splade serve --cluster</c> refuses what it cannot do with a clear message and a non-zero exit, at once: a bad Redis
/// address, a Redis that does not answer, ports in use, and the cluster options without <c>--cluster</c>.</summary>
public sealed class ServeClusterInputTests
{
    [Fact]
    public async Task Cluster_options_without_cluster_are_refused()
    {
        using var data = new TempFolder("splade-serve-input-");
        var (code, output) = await ServerProcess.RunAsync(null, "serve", "--data", data.Path, "--silo-port", "12000", "--cluster-id", "x");
        Assert.Equal(1, code);
        Assert.Contains("--silo-port, --cluster-id only apply to a cluster node", output);
    }

    [Fact]
    public async Task A_cluster_address_that_is_not_redis_is_refused()
    {
        using var data = new TempFolder("splade-serve-input-");
        var (code, output) = await ServerProcess.RunAsync(null, "serve", "--data", data.Path, "--cluster", "http://127.0.0.1:6379");
        Assert.Equal(2, code);
        Assert.Contains("--cluster must be a Redis address such as redis://127.0.0.1:6379, got `http://127.0.0.1:6379`", output);
    }

    [Fact]
    public async Task Redis_down_at_start_is_a_clear_error_within_seconds()
    {
        using var data = new TempFolder("splade-serve-input-");
        var clock = Stopwatch.StartNew();
        var (code, output) = await ServerProcess.RunAsync(null, "serve", "--data", data.Path, "--cluster", $"redis://127.0.0.1:{FreePort()}",
            "--silo-port", FreePort().ToString(CultureInfo.InvariantCulture), "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.Contains("cannot reach Redis at redis://127.0.0.1:", output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.False(Directory.Exists(Path.Combine(data.Path, "replicas")));
    }

    [Fact]
    public async Task A_silo_port_in_use_is_refused()
    {
        using var data = new TempFolder("splade-serve-input-");
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var (code, output) = await ServerProcess.RunAsync(null, "serve", "--data", data.Path, "--cluster", "redis://127.0.0.1:1",
            "--silo-port", port.ToString(CultureInfo.InvariantCulture), "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.Contains($"--silo-port {port}: the port is already in use", output);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
