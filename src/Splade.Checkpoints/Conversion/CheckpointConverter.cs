using System.Reflection;
using System.Text.Json;
using Splade.Checkpoints.Graph;
using Splade.Checkpoints.Onnx;
using Splade.Checkpoints.Quantization;
using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Conversion;

/// <summary>
/// Converts a Hugging Face checkpoint folder (config.json, weights, tokenizer files) into a model folder the SPLADE encoder loads:
/// the same config and tokenizer files plus <c>onnx/model.onnx</c>, built here from the weights.
/// </summary>
/// <remarks>
/// The output is written into a staging folder beside the target and renamed into place when complete, so an interrupted
/// conversion never leaves a folder that looks usable. <c>conversion.json</c> records the source weights' hash and the settings.
/// <para>Thread safety: every member may be called from any thread at the same time; each conversion writes its own staging folder.</para>
/// </remarks>
public static class CheckpointConverter
{
    /// <summary>The file in a converted folder that records where it came from.</summary>
    public const string RecordFile = "conversion.json";

    /// <summary>Files copied from the checkpoint beside the ONNX model when present.</summary>
    private static readonly string[] CopiedFiles =
    [
        "config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json", "splade_config.json", "idf.json",
        "README.md", "LICENSE",
    ];

    /// <summary>Whether the folder holds a checkpoint (config.json and a weights file) that this converter reads.</summary>
    public static bool IsCheckpointFolder(string folder)
        => File.Exists(Path.Combine(folder, "config.json")) && CheckpointWeights.FindWeightsFile(folder) is not null;

    /// <summary>Converts <paramref name="checkpointFolder"/> into <paramref name="outputFolder"/>, replacing it if it exists.</summary>
    /// <returns>The output folder's full path.</returns>
    /// <exception cref="CheckpointException">The checkpoint is unsupported or damaged; nothing is written.</exception>
    public static string Convert(string checkpointFolder, string outputFolder, ConversionOptions? options = null)
    {
        options ??= new ConversionOptions();
        var source = Path.GetFullPath(checkpointFolder);
        var target = Path.GetFullPath(outputFolder);
        if (!Directory.Exists(source))
        {
            throw new CheckpointException($"The checkpoint folder {source} does not exist.") { FilePath = source };
        }

        var config = CheckpointConfig.Read(Path.Combine(source, "config.json"));
        var weights = CheckpointWeights.Open(source);
        CheckTokenizer(source);
        var graph = MaskedLmGraphBuilder.Build(config, weights, options.Output, options.DoubleLog);
        if (options.QuantizeInt8)
        {
            DynamicInt8Quantizer.Quantize(graph);
        }

        var hash = weights.ContentHash();
        graph.Metadata["splade.source_weights_sha256"] = hash;
        return StagedFolder.Publish(target, staging =>
        {
            Directory.CreateDirectory(Path.Combine(staging, "onnx"));
            foreach (var name in CopiedFiles)
            {
                var file = Path.Combine(source, name);
                if (File.Exists(file))
                {
                    File.Copy(file, Path.Combine(staging, name));
                }
            }

            using (var stream = new FileStream(Path.Combine(staging, "onnx", "model.onnx"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                OnnxModelWriter.Write(graph, stream, Version);
                stream.Flush(flushToDisk: true);
            }

            WriteRecord(Path.Combine(staging, RecordFile), source, weights, hash, config, options);
        });
    }

    /// <summary>The converter's version, recorded in every file it writes.</summary>
    public static string Version { get; } =
        typeof(CheckpointConverter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    private static void CheckTokenizer(string source)
    {
        if (!File.Exists(Path.Combine(source, "tokenizer.json")) && !File.Exists(Path.Combine(source, "vocab.txt")))
        {
            throw new CheckpointException($"{source} has weights but no tokenizer: neither tokenizer.json nor vocab.txt is there.") { FilePath = source };
        }
    }

    private static void WriteRecord(string path, string source, CheckpointWeights weights, string hash, CheckpointConfig config, ConversionOptions options)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("converter", "Splade.NET " + Version);
        json.WriteString("source", source);
        json.WriteString("weights", weights.Description);
        json.WriteString("weights_sha256", hash);
        json.WriteString("architecture", config.Architecture == MaskedLmArchitecture.Bert ? "BertForMaskedLM" : "DistilBertForMaskedLM");
        json.WriteString("output", options.Output.ToString());
        json.WriteString("quantization", options.QuantizeInt8 ? "int8" : "none");
        json.WriteString("activation", options.DoubleLog ? "log(1 + log(1 + relu(x)))" : "log(1 + relu(x))");
        json.WriteEndObject();
    }
}
