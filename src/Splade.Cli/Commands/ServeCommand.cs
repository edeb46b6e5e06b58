using System.CommandLine;
using Splade.Cli.Grammar;
using Splade.Cluster.Hosting;
using Splade.Server;

namespace Splade.Cli.Commands;

/// <summary><c>splade serve</c>: the HTTP server (a vector database following Qdrant's REST API) on a data folder.</summary>
internal static class ServeCommand
{
    public const string ApiKeyVariable = "SPLADE_API_KEY";
    public const string ReadOnlyApiKeyVariable = "SPLADE_READ_ONLY_API_KEY";

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "The data folder (created when missing); collections live under DATA/collections.",
            Required = true,
        };
        var urls = new Option<string[]>("--urls")
        {
            Description = "Addresses to listen on (default http://127.0.0.1:6333; port 0 picks a free port, announced on stdout).",
            DefaultValueFactory = _ => ["http://127.0.0.1:6333"],
            AllowMultipleArgumentsPerToken = true,
        };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not create the MEDLINE demo collection in an empty data folder." };
        var apiKeyFile = new Option<FileInfo?>("--api-key-file")
        {
            Description = $"A file whose first line is the API key (or set {ApiKeyVariable}); with a key, every endpoint but /healthz needs it.",
        };
        var readOnlyKeyFile = new Option<FileInfo?>("--read-only-api-key-file")
        {
            Description = $"A file whose first line is a key that may read but not write (or set {ReadOnlyApiKeyVariable}).",
        };
        var insecure = new Option<bool>("--insecure") { Description = "Allow listening beyond loopback without an API key." };
        var models = new Option<string[]>("--model")
        {
            Description =
                "An extra SPLADE model requests may name: NAME=MODEL (repeatable), where MODEL is a model folder, a Hugging Face " +
                "checkpoint folder or sentence-transformers folder (converted once into the model cache), or a pulled hub id org/name[@revision].",
            AllowMultipleArgumentsPerToken = true,
        };

        var cluster = new Option<string?>("--cluster")
        {
            Description = "Run as a node of a cluster whose membership is in this Redis server (redis://HOST[:PORT]): the node hosts a silo "
                + "holding shard replicas under DATA/replicas and serves the same HTTP API over the cluster's sharded collections (docs/CLUSTER.md).",
        };
        var siloPort = new Option<int?>("--silo-port") { Description = "With --cluster: the port of silo-to-silo traffic (default 11111)." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "With --cluster: the port Orleans clients connect to (default 30000)." };
        var clusterId = new Option<string?>("--cluster-id")
        {
            Description = "With --cluster: the cluster to join (default splade); nodes with another id on the same Redis form another cluster.",
        };
        var siloAddress = new Option<string?>("--silo-address")
        {
            Description = "With --cluster: the IP address other silos reach this one at (default 127.0.0.1).",
        };

        var drainTimeout = new Option<int?>("--drain-timeout")
        {
            Description = "With --cluster: on SIGTERM or Ctrl+C, seconds to spend moving this node's replicas to other silos before leaving "
                + "(default 120; 0 leaves at once and the other silos rebuild them). A second signal leaves at once.",
            HelpName = "SECONDS",
        };
        var command = new Command("serve", "Run the HTTP server: collections of sparse and dense vectors with Qdrant's REST API (docs/SERVER.md).");
        command.Options.Add(data);
        command.Options.Add(urls);
        command.Options.Add(noDemo);
        command.Options.Add(apiKeyFile);
        command.Options.Add(readOnlyKeyFile);
        command.Options.Add(insecure);
        command.Options.Add(models);
        command.Options.Add(cluster);
        command.Options.Add(siloPort);
        command.Options.Add(gatewayPort);
        command.Options.Add(clusterId);
        command.Options.Add(siloAddress);
        command.Options.Add(drainTimeout);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            var node = ClusterOptions(
                parseResult.GetValue(cluster), parseResult.GetValue(siloPort), parseResult.GetValue(gatewayPort), parseResult.GetValue(clusterId),
                parseResult.GetValue(siloAddress), parseResult.GetValue(drainTimeout));
            var options = new ServerOptions
            {
                DataFolder = parseResult.GetValue(data)!.FullName,
                Urls = [.. parseResult.GetValue(urls)!
                    .SelectMany(url => url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                Demo = !parseResult.GetValue(noDemo),
                ApiKey = ReadKey(parseResult.GetValue(apiKeyFile), ApiKeyVariable),
                ReadOnlyApiKey = ReadKey(parseResult.GetValue(readOnlyKeyFile), ReadOnlyApiKeyVariable),
                Insecure = parseResult.GetValue(insecure),
                SpladeModels = ParseModels(parseResult.GetValue(models) ?? []),
            };
            try
            {
                if (node is null)
                {
                    await SpladeServer.RunAsync(options, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await SpladeClusterServer.RunAsync(options, node, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (InvalidOperationException error) when (error.Message.StartsWith("Refusing", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The cluster node's options, or null for a single machine; the cluster options without <c>--cluster</c> are refused.</summary>
    private static ClusterServeOptions? ClusterOptions(
        string? redis, int? siloPort, int? gatewayPort, string? clusterId, string? siloAddress, int? drainTimeout)
    {
        if (redis is null)
        {
            var given = new (string Name, bool Given)[]
            {
                ("--silo-port", siloPort is not null), ("--gateway-port", gatewayPort is not null), ("--cluster-id", clusterId is not null),
                ("--silo-address", siloAddress is not null), ("--drain-timeout", drainTimeout is not null),
            }.Where(option => option.Given).Select(option => option.Name).ToList();
            return given.Count == 0
                ? null
                : throw new UsageException(
                    $"{string.Join(", ", given)} only appl{(given.Count == 1 ? "ies" : "y")} to a cluster node; add --cluster redis://HOST:PORT "
                    + $"or leave {(given.Count == 1 ? "it" : "them")} out to serve from this machine alone.");
        }

        if (drainTimeout is < 0 or > 86400)
        {
            throw new UsageException($"--drain-timeout must be from 0 to 86400 seconds, got {drainTimeout}.");
        }

        var defaults = new ClusterServeOptions { Redis = redis };
        return defaults with
        {
            SiloPort = siloPort ?? defaults.SiloPort,
            GatewayPort = gatewayPort ?? defaults.GatewayPort,
            ClusterId = clusterId ?? defaults.ClusterId,
            SiloAddress = siloAddress ?? defaults.SiloAddress,
            DrainTimeout = drainTimeout is int seconds ? TimeSpan.FromSeconds(seconds) : defaults.DrainTimeout,
        };
    }

    /// <summary>A key from its file (first line) or, without a file, from the environment; never from the command line itself.</summary>
    internal static string? ReadKey(FileInfo? file, string variable)
    {
        if (file is not null)
        {
            var key = File.ReadLines(file.FullName).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(key) ? throw new FormatException($"{file.FullName}: the API key file is empty.") : key;
        }

        var value = Environment.GetEnvironmentVariable(variable)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static Dictionary<string, string> ParseModels(string[] entries)
    {
        var models = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var split = entry.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || split == entry.Length - 1)
            {
                throw new FormatException($"--model {entry}: expected NAME=MODEL.");
            }

            // The same resolution as every other --model: checkpoint folders are converted (once) and hub ids found in the cache, at
            // start-up, so that a bad model stops the server before it listens instead of failing its first request.
            models[entry[..split]] = ModelSource.Resolve(entry[(split + 1)..]);
        }

        return models;
    }
}
