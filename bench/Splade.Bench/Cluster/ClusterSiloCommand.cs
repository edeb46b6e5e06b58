using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Splade.Bench.CommandLine;
using Splade.Cluster.Hosting;

namespace Splade.Bench.Cluster;

/// <summary>The hidden entry <c>cluster-silo</c>: one silo of a Splade.NET cluster (<see cref="ClusterHost.BuildSilo"/>) in its
/// own process, driven by the <c>cluster</c> benchmark through its standard input and output.</summary>
/// <remarks>
/// Once the silo has joined, it writes <c>ready</c>. Each <c>memory</c> line read makes it collect garbage (a full, compacting
/// collection that returns free memory to the system) and answer <c>memory RSS MANAGED</c> in bytes: the process's resident set
/// and the managed heap. <c>stop</c>, or the end of its input (the benchmark stopped or died), stops the silo gracefully, so a silo
/// never outlives the benchmark that started it.
/// </remarks>
internal static class ClusterSiloCommand
{
    public const string Name = "cluster-silo";

    public const string Ready = "ready";

    public static Command Create()
    {
        var data = BenchOption.Text("--data", "", "The silo's data folder.");
        var redis = BenchOption.Text("--redis", "", "The Redis server of the cluster, as redis://HOST:PORT.");
        var siloPort = BenchOption.Int("--silo-port", 11111, "The silo-to-silo port.", 1, 65535);
        var gatewayPort = BenchOption.Int("--gateway-port", 30000, "The client port.", 1, 65535);
        var clusterId = BenchOption.Text("--cluster-id", "splade", "The cluster id.");
        var command = new Command(Name, "One silo of the cluster benchmark (started by it).") { data, redis, siloPort, gatewayPort, clusterId };
        command.Hidden = true;
        command.SetAction((parse, cancellation) => RunAsync(new ClusterHostOptions
        {
            DataFolder = parse.GetValue(data)!,
            Redis = parse.GetValue(redis)!,
            SiloPort = parse.GetValue(siloPort),
            GatewayPort = parse.GetValue(gatewayPort),
            ClusterId = parse.GetValue(clusterId)!,
        }, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ClusterHostOptions options, CancellationToken cancellation)
    {
        if (options.DataFolder.Length == 0)
        {
            await Console.Error.WriteLineAsync("cluster-silo: --data is required.").ConfigureAwait(false);
            return 2;
        }

        using var silo = ClusterHost.BuildSilo(options);
        await silo.StartAsync(cancellation).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(Ready).ConfigureAwait(false);
        await Console.Out.FlushAsync(cancellation).ConfigureAwait(false);
        try
        {
            while (await Console.In.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line && line != "stop")
            {
                if (line == "memory")
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    using var process = Process.GetCurrentProcess();
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"memory {process.WorkingSet64} {GC.GetTotalMemory(forceFullCollection: false)}")).ConfigureAwait(false);
                    await Console.Out.FlushAsync(cancellation).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Interrupted: the silo still stops gracefully below.
        }

        await silo.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
