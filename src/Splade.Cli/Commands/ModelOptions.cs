using System.CommandLine;
using System.CommandLine.Parsing;
using Splade.Cli.Grammar;
using Splade.Encoding;

namespace Splade.Cli.Commands;

/// <summary>The options every command that loads a SPLADE model shares (<c>-m/--model</c>, <c>--pooling</c>, <c>--max-length</c>), and
/// how they become an encoder.</summary>
internal sealed class ModelOptions
{
    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description =
            "SPLADE model: a folder with onnx/model.onnx, a Hugging Face checkpoint folder (converted to ONNX once), a sentence-transformers " +
            "SparseEncoder folder, or a hub id org/name[@revision] pulled with `splade model pull`. Default: the shipped splade-minilm-l6.",
        HelpName = "MODEL",
    };

    public Option<SpladePooling> Pooling { get; } =
        EnumOption.Create("--pooling", "How token weights are merged into the vector.", SpladePooling.Max);

    public Option<int?> MaxLength { get; } = CommonOptions.AtLeast(
        "--max-length", 2, "Longest token sequence fed to the model, special tokens included (default: the model's limit, usually 512).");

    private bool _withPooling = true;

    public void AddTo(Command command, bool withPooling = true)
    {
        _withPooling = withPooling;
        command.Options.Add(Model);
        if (withPooling)
        {
            command.Options.Add(Pooling);
        }

        command.Options.Add(MaxLength);
    }

    /// <summary>The first of these options the user gave, or null: for validators that refuse them where no model is loaded.</summary>
    public Option? FirstGiven(CommandResult result) => _withPooling ? Given.First(result, Model, Pooling, MaxLength) : Given.First(result, Model, MaxLength);

    /// <summary>The encoder settings these options ask for, on top of <paramref name="baseOptions"/>.</summary>
    public SpladeEncoderOptions Settings(ParseResult parseResult, SpladeEncoderOptions? baseOptions = null) =>
        (baseOptions ?? new SpladeEncoderOptions()) with
        {
            Pooling = _withPooling ? parseResult.GetValue(Pooling) : SpladePooling.Max,
            MaxLength = parseResult.GetValue(MaxLength),
        };

    public SpladeEncoder Load(ParseResult parseResult, SpladeEncoderOptions? baseOptions = null) =>
        SpladeEncoder.Load(ModelSource.Resolve(parseResult.GetValue(Model)), Settings(parseResult, baseOptions));
}
