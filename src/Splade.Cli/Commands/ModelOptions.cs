using System.CommandLine;
using Splade.Encoding;

namespace Splade.Cli.Commands;

/// <summary>The options every command that loads a SPLADE model shares, and how they become <see cref="SpladeEncoderOptions"/>.</summary>
internal sealed class ModelOptions
{
    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description =
            "SPLADE model: a folder with onnx/model.onnx, a Hugging Face checkpoint folder (converted to ONNX once), a sentence-transformers " +
            "SparseEncoder folder, or a hub id org/name[@revision] pulled with `splade model pull`. Default: the shipped splade-minilm-l6.",
    };

    public Option<string> Pooling { get; } = CreatePooling();

    public Option<int?> MaxLength { get; } = new("--max-length")
    {
        Description = "Longest token sequence fed to the model, special tokens included (default: the model's limit, usually 512).",
    };

    public void AddTo(Command command, bool withPooling = true)
    {
        command.Options.Add(Model);
        if (withPooling)
        {
            command.Options.Add(Pooling);
        }

        command.Options.Add(MaxLength);
    }

    public SpladeEncoder Load(ParseResult parseResult, SpladeEncoderOptions? baseOptions = null)
    {
        var options = (baseOptions ?? new SpladeEncoderOptions()) with
        {
            Pooling = parseResult.GetValue(Pooling) == "sum" ? SpladePooling.Sum : SpladePooling.Max,
            MaxLength = parseResult.GetValue(MaxLength),
        };
        return SpladeEncoder.Load(ModelSource.Resolve(parseResult.GetValue(Model)), options);
    }

    private static Option<string> CreatePooling()
    {
        var option = new Option<string>("--pooling") { Description = "How token weights are merged: max (default) or sum.", DefaultValueFactory = _ => "max" };
        option.AcceptOnlyFromAmong("max", "sum");
        return option;
    }
}
