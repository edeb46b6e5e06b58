using System.CommandLine;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary><c>splade index delete DIR --id X [--id Y] [--ids-file FILE]</c>: deletes documents by id; unknown ids are reported, not an error.</summary>
internal static class IndexDeleteCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var ids = new Option<string[]>("--id") { Description = "An id to delete; repeat for more." };
        var idsFile = new Option<string?>("--ids-file") { Description = "A file with one id per line." };
        var command = new Command("delete", "Delete documents from an index by id.") { folder, ids, idsFile };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var path = parse.GetValue(folder)!;
            var wanted = new List<string>(parse.GetValue(ids) ?? []);
            if (parse.GetValue(idsFile) is { } file)
            {
                wanted.AddRange(File.ReadLines(file).Where(line => line.Length > 0));
            }

            if (wanted.Count == 0)
            {
                Console.Error.WriteLine("error: give at least one --id or an --ids-file.");
                return ExitCodes.UsageError;
            }

            IndexFolder.RequireExisting(path);
            using var index = SparseIndex.Open(path);
            var deleted = index.Delete(wanted);
            Console.Out.WriteLine($"{{\"requested\":{wanted.Count},\"deleted\":{deleted},\"documents\":{index.Count}}}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
