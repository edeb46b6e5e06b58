using Spectre.Console;
using Splade.Index;
using Splade.Index.Jsonl;

namespace Splade.Cli.Commands;

/// <summary>Loads a JSON-lines file of documents into an index in one all-or-nothing bulk load, with a progress bar on stderr.</summary>
internal static class DocumentLoader
{
    /// <exception cref="FormatException">A line is malformed; the message names file and line, and nothing is written.</exception>
    /// <exception cref="ArgumentException">A document is invalid or an id occurs twice; nothing is written.</exception>
    public static long Load(SparseIndex index, string inputPath)
    {
        if (!File.Exists(inputPath))
        {
            throw new FileNotFoundException($"Input file '{inputPath}' does not exist.", inputPath);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        long loaded = 0;
        console.Progress().AutoClear(true).Start(context =>
        {
            using var stream = File.OpenRead(inputPath);
            using var reader = new StreamReader(stream);
            var task = context.AddTask("indexing", maxValue: Math.Max(1, stream.Length));
            loaded = index.BulkLoad(IndexDocumentJsonl.Read(reader, inputPath), new InlineProgress(_ => task.Value = stream.Position));
            task.Value = task.MaxValue;
        });
        return loaded;
    }
}
