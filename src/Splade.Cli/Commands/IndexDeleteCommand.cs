using System.CommandLine;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Index;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary><c>splade index delete DIR --id X [--id Y] [--ids-file FILE|-]</c>: deletes documents by id; unknown ids are reported, not an
/// error.</summary>
internal static class IndexDeleteCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var ids = new Option<string[]>("--id") { Description = "An id to delete; repeat for more.", HelpName = "ID" };
        var idsFile = new Option<string?>("--ids-file") { Description = "A file with one id per line; - reads standard input.", HelpName = "FILE|-" };
        var wait = WaitOption.Create();
        var command = new Command("delete", "Delete documents from an index by id.") { folder, ids, idsFile, wait };
        Given.Rule(command, result =>
        {
            if (result.GetResult(ids) is null && result.GetResult(idsFile) is null)
            {
                result.AddError("Give at least one --id ID or an --ids-file FILE|-.");
            }
        });
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var path = parse.GetValue(folder)!;
            var wanted = new List<string>(parse.GetValue(ids) ?? []);
            if (parse.GetValue(idsFile) is { } file)
            {
                using var reader = JsonLinesReader.Open(file);
                while (reader.TryReadLine(out var line))
                {
                    if (line.Length > 0)
                    {
                        wanted.Add(line);
                    }
                }
            }

            using var index = IndexFolder.OpenWriter(path, parse.GetValue(wait));
            var deleted = index.Delete(wanted);
            CliJson.WriteLine(new IndexDeleteOutput(wanted.Count, deleted, index.Count), CliJsonContext.Default.IndexDeleteOutput);
            return ExitCodes.Success;
        }));
        return command;
    }
}
