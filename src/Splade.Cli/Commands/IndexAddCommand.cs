using System.CommandLine;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary><c>splade index add DIR -i FILE|-</c>: upserts documents into an existing index.</summary>
internal static class IndexAddCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var input = CommonOptions.Input("JSON lines of documents to add (an existing id is replaced).", required: true);
        var wait = WaitOption.Create();
        var command = new Command("add", "Add or replace documents in an index.") { folder, input, wait };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var path = parse.GetValue(folder)!;
            using var index = IndexFolder.OpenWriter(path, parse.GetValue(wait));
            var loaded = DocumentLoader.Load(index, parse.GetValue(input)!);
            CliJson.WriteLine(new IndexAddOutput(loaded, index.Count), CliJsonContext.Default.IndexAddOutput);
            return ExitCodes.Success;
        }));
        return command;
    }
}
