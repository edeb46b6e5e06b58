using System.CommandLine;
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

        var command = new Command("serve", "Run the HTTP server: collections of sparse and dense vectors with Qdrant's REST API (docs/SERVER.md).");
        command.Options.Add(data);
        command.Options.Add(urls);
        command.Options.Add(noDemo);
        command.Options.Add(apiKeyFile);
        command.Options.Add(readOnlyKeyFile);
        command.Options.Add(insecure);
        command.Options.Add(models);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
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
                await SpladeServer.RunAsync(options, cancellationToken).ConfigureAwait(false);
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

    /// <summary>A key from its file (first line) or, without a file, from the environment; never from the command line itself.</summary>
    private static string? ReadKey(FileInfo? file, string variable)
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
