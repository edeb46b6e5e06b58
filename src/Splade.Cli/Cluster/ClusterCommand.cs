using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Splade.Cli.Commands;

namespace Splade.Cli.Cluster;

/// <summary><c>splade cluster</c>: operate a running cluster through the HTTP API of any of its nodes: list its silos, drain one (its
/// replicas move to the others, and the command waits until it holds none), stop draining, remove a drained silo.</summary>
internal static class ClusterCommand
{
    public const string DefaultNode = "http://127.0.0.1:6333";

    public static Command Create()
    {
        var command = new Command("cluster", "Operate a cluster of `splade serve --cluster` nodes through any node's HTTP API (docs/CLUSTER.md).");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Drain());
        command.Subcommands.Add(Undrain());
        return command;
    }

    private static Command Status()
    {
        var node = NodeOption();
        var keyFile = KeyFileOption();
        var command = new Command("status", "List the cluster's silos: state, shard replicas held, and whether each is draining.") { node, keyFile };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() => RunAsync(parse.GetValue(node)!, parse.GetValue(keyFile), async api =>
        {
            var cluster = await api.SendAsync(HttpMethod.Get, "/cluster", cancellationToken).ConfigureAwait(false);
            if (cluster?["status"]?.GetValue<string>() != "enabled")
            {
                throw new ClusterApiException($"the node at {api.Node} is not a cluster node (it serves from one machine)", refused: true);
            }

            Console.Out.WriteLine($"cluster `{cluster["cluster_id"]}`, answered by silo {cluster["silo"]}");
            foreach (var member in cluster["members"]?.AsArray() ?? [])
            {
                var replicas = member!["replicas"] is { } count ? count.ToJsonString() : "?";
                var draining = member["draining"]?.GetValue<bool>() == true ? "  draining" : string.Empty;
                Console.Out.WriteLine($"  {member["silo"],-34} {member["status"],-14} {replicas,5} replica(s){draining}");
            }

            return ExitCodes.Success;
        })));
        return command;
    }

    private static Command Drain()
    {
        var silo = SiloArgument();
        var node = NodeOption();
        var keyFile = KeyFileOption();
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the silo to hold no replica (default 600); it stays draining when the time runs out.",
            DefaultValueFactory = _ => 600,
            HelpName = "SECONDS",
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--timeout must be at least 1 second.");
            }
        });
        var remove = new Option<bool>("--remove") { Description = "Once drained, remove the silo from the cluster: its node stops." };
        var command = new Command("drain",
            "Drain a silo: no replica is placed on it any more, and each of its replicas is rebuilt on another silo, then dropped, while the "
            + "cluster keeps serving. Waits until it holds none. Refused when the other silos are too few for a collection's replication_factor.")
        {
            silo, node, keyFile, timeout, remove,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() => RunAsync(parse.GetValue(node)!, parse.GetValue(keyFile), async api =>
        {
            var name = parse.GetValue(silo)!;
            var path = $"/cluster/peer/{Uri.EscapeDataString(name)}";
            var limit = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var clock = Stopwatch.StartNew();
            var last = -1;
            while (true)
            {
                var wait = (int)Math.Clamp((limit - clock.Elapsed).TotalSeconds, 0, 10);
                var answer = await api.SendAsync(HttpMethod.Post, $"{path}/drain?wait={wait}", cancellationToken).ConfigureAwait(false);
                var replicas = answer!["replicas"]!.GetValue<int>();
                var address = answer["silo"]!.GetValue<string>();
                if (replicas != last)
                {
                    Console.Out.WriteLine($"silo {address}: {replicas} replica(s) left ({clock.Elapsed.TotalSeconds:F0} s)");
                    last = replicas;
                }

                if (replicas == 0)
                {
                    if (parse.GetValue(remove))
                    {
                        await api.SendAsync(HttpMethod.Delete, $"/cluster/peer/{Uri.EscapeDataString(address)}?timeout=60", cancellationToken)
                            .ConfigureAwait(false);
                        Console.Out.WriteLine($"silo {address} holds no replica and has left the cluster.");
                    }
                    else
                    {
                        Console.Out.WriteLine($"silo {address} holds no replica: it can be stopped (or removed with --remove).");
                    }

                    return ExitCodes.Success;
                }

                if (clock.Elapsed >= limit)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"error: silo {address} still holds {replicas} replica(s) after {limit.TotalSeconds:F0} s; it stays draining (run the "
                        + $"command again to keep waiting, or `splade cluster undrain {address}` to stop)")).ConfigureAwait(false);
                    return ExitCodes.TimedOut;
                }
            }
        })));
        return command;
    }

    private static Command Undrain()
    {
        var silo = SiloArgument();
        var node = NodeOption();
        var keyFile = KeyFileOption();
        var command = new Command("undrain", "Stop draining a silo: replicas may be placed on it again (those moved off stay where they are).")
        {
            silo, node, keyFile,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() => RunAsync(parse.GetValue(node)!, parse.GetValue(keyFile), async api =>
        {
            var answer = await api.SendAsync(HttpMethod.Delete, $"/cluster/peer/{Uri.EscapeDataString(parse.GetValue(silo)!)}/drain", cancellationToken)
                .ConfigureAwait(false);
            Console.Out.WriteLine($"silo {answer!["silo"]} is not draining; it holds {answer["replicas"]} replica(s).");
            return ExitCodes.Success;
        })));
        return command;
    }

    private static async Task<int> RunAsync(string node, FileInfo? keyFile, Func<ClusterApi, Task<int>> body)
    {
        using var api = new ClusterApi(new Uri(node, UriKind.Absolute), ServeCommand.ReadKey(keyFile, ServeCommand.ApiKeyVariable));
        try
        {
            return await body(api).ConfigureAwait(false);
        }
        catch (ClusterApiException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            return error.Refused ? ExitCodes.UsageError : ExitCodes.InputError;
        }
    }

    private static Argument<string> SiloArgument() => new("silo")
    {
        Description = "The silo, as `splade cluster status` (or GET /cluster) lists it, or its HOST:PORT (the --silo-port it was started with).",
    };

    private static Option<string> NodeOption()
    {
        var option = new Option<string>("--node")
        {
            Description = $"The HTTP address of any node of the cluster (default {DefaultNode}).",
            DefaultValueFactory = _ => DefaultNode,
            HelpName = "URL",
        };
        option.Validators.Add(result =>
        {
            if (!IsNodeAddress(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--node must be a node's HTTP address such as {DefaultNode}, got `{result.GetValueOrDefault<string>()}`.");
            }
        });
        return option;
    }

    private static bool IsNodeAddress(string? text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static Option<FileInfo?> KeyFileOption() => new("--api-key-file")
    {
        Description = $"A file whose first line is the cluster's API key (or set {ServeCommand.ApiKeyVariable}).",
    };
}
