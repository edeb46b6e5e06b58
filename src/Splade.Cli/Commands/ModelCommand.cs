using System.CommandLine;
using System.Globalization;
using Splade.Checkpoints;
using Splade.Checkpoints.Hub;
using Splade.Cli.Output;

namespace Splade.Cli.Commands;

/// <summary><c>splade model</c>: convert checkpoints to ONNX, pull them from the Hugging Face hub, list the cache.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Convert Hugging Face SPLADE checkpoints to ONNX, pull them from the hub, list the cached ones.");
        command.Subcommands.Add(Convert());
        command.Subcommands.Add(Pull());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Convert()
    {
        var source = new Argument<string>("checkpoint")
        {
            Description =
                "Checkpoint folder (config.json, model.safetensors or pytorch_model.bin, tokenizer files), a sentence-transformers " +
                "SparseEncoder folder, or a cached hub id org/name[@revision].",
        };
        var output = new Option<string>("--out", "-o") { Description = "The model folder to write (replaced if it exists).", Required = true };
        var quantize = new Option<string?>("--quantize") { Description = "int8: store the matrix multiplications' weights as int8 (dynamic quantization)." };
        quantize.AcceptOnlyFromAmong("int8");
        var command = new Command("convert", "Build the ONNX model of a checkpoint's weights, in .NET, into a model folder every command loads.");
        command.Arguments.Add(source);
        command.Options.Add(output);
        command.Options.Add(quantize);
        command.SetAction(parseResult => CommandErrors.Run(() =>
        {
            var folder = parseResult.GetValue(source)!;
            if (!Directory.Exists(folder) && RepoReference.TryParse(folder, out var reference))
            {
                folder = new HubCache(HubEnvironment.FromEnvironment().CacheRoot).SnapshotFolder(reference)
                    ?? throw new Splade.Encoding.ModelLoadException(
                        $"{reference} is not in the Hugging Face cache; fetch it with: splade model pull {reference}");
            }

            var int8 = parseResult.GetValue(quantize) == "int8";
            var target = parseResult.GetValue(output)!;
            var written = ModelResolver.Convert(folder, target, int8);
            Console.Out.WriteLine(written);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Pull()
    {
        var repo = new Argument<string>("repo") { Description = "Hub repository id, org/name or org/name@revision (branch, tag or commit)." };
        var command = new Command(
            "pull",
            "Download a model from the Hugging Face hub into its standard cache (HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub); " +
            "resumes interrupted downloads.");
        command.Arguments.Add(repo);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            if (!RepoReference.TryParse(parseResult.GetValue(repo)!, out var reference))
            {
                throw new ArgumentException($"'{parseResult.GetValue(repo)}' is not a hub repository id: expected org/name or org/name@revision.");
            }

            using var client = new HubClient(HubEnvironment.FromEnvironment());
            var snapshot = await client.PullAsync(reference, message => Console.Error.WriteLine(message), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(snapshot).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the models in the Hugging Face cache with their size, revisions and licence.");
        command.Options.Add(json);
        command.SetAction(parseResult => CommandErrors.Run(() =>
        {
            var environment = HubEnvironment.FromEnvironment();
            var models = new HubCache(environment.CacheRoot).List();
            if (parseResult.GetValue(json))
            {
                CliJson.WriteLine(models, CliJsonContext.Default.IReadOnlyListCachedModel);
                return ExitCodes.Success;
            }

            Console.Out.WriteLine($"cache: {environment.CacheRoot}");
            foreach (var model in models)
            {
                var size = (model.Bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
                var status = model.Problem is null ? "" : $"  INCOMPLETE: {model.Problem}";
                Console.Out.WriteLine($"{model.RepoId,-60} {size,9} MiB  {string.Join(", ", model.Refs),-28} licence: {model.License ?? "unknown"}{status}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
