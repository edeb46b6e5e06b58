using System.CommandLine;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary><c>splade index add DIR --input FILE.jsonl</c>: upserts documents into an existing index.</summary>
internal static class IndexAddCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var input = new Option<string>("--input") { Description = "JSON lines of documents to add (an existing id is replaced).", Required = true };
        var command = new Command("add", "Add or replace documents in an index.") { folder, input };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var path = parse.GetValue(folder)!;
            IndexFolder.RequireExisting(path);
            using var index = SparseIndex.Open(path);
            var loaded = DocumentLoader.Load(index, parse.GetValue(input)!);
            Console.Out.WriteLine($"{{\"upserted\":{loaded},\"documents\":{index.Count}}}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
