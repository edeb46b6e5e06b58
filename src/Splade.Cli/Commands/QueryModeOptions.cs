using System.CommandLine;
using System.CommandLine.Parsing;
using Splade.Cli.Grammar;
using Splade.Encoding;

namespace Splade.Cli.Commands;

/// <summary><c>--query-mode</c> and <c>--idf-file</c>: how a query's text becomes a sparse vector, wherever a query is encoded.</summary>
/// <remarks>The library's <see cref="QueryEncoding"/>: <c>full</c> runs the SPLADE model as for documents; <c>bag</c> gives each
/// distinct query token weight 1 with no inference (SPLADE v2's document-only expansion); <c>idf</c> gives each token its weight
/// from an <c>idf.json</c> file (the model folder's, or <c>--idf-file</c>) with no inference (inference-free SPLADE).</remarks>
internal sealed class QueryModeOptions
{
    public Option<QueryEncoding> Mode { get; } = EnumOption.Create(
        "--query-mode",
        "How query text is encoded: full (the SPLADE model), bag (each query token weighs 1, no inference) or idf (each token weighs its "
            + "idf.json weight, no inference).",
        QueryEncoding.Model);

    public Option<string?> IdfFile { get; } = new("--idf-file")
    {
        Description = "With --query-mode idf: the token-to-weight JSON file (default: idf.json in the model folder).",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Mode);
        command.Options.Add(IdfFile);
        Given.Rule(command, result =>
        {
            if (Given.Option(result, IdfFile) && result.GetValue(Mode) != QueryEncoding.Idf)
            {
                result.AddError("--idf-file gives the weights of --query-mode idf; add --query-mode idf or leave --idf-file out.");
            }
        });
    }

    /// <summary>The first of these options the user gave, or null.</summary>
    public Option? FirstGiven(CommandResult result) => Given.First(result, Mode, IdfFile);

    /// <summary><paramref name="options"/> with the query encoding asked for.</summary>
    public SpladeEncoderOptions Apply(ParseResult parseResult, SpladeEncoderOptions options) => options with
    {
        QueryEncoding = parseResult.GetValue(Mode),
        IdfPath = parseResult.GetValue(IdfFile) is { } path ? Path.GetFullPath(path) : null,
    };
}
