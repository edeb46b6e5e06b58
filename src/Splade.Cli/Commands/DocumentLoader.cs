using Spectre.Console;
using Splade.Index;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>Loads JSON lines of documents (a file, or standard input for <c>-</c>) into an index in one all-or-nothing bulk load, with a
/// progress bar on standard error.</summary>
internal static class DocumentLoader
{
    /// <exception cref="InputFormatException">The input cannot be read or a line is malformed; nothing is written.</exception>
    /// <exception cref="ArgumentException">A document is invalid or an id occurs twice; nothing is written.</exception>
    public static long Load(SparseIndex index, string inputPath)
    {
        using var reader = JsonLinesReader.Open(inputPath);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        long loaded = 0;
        console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("indexing", maxValue: Math.Max(1, reader.Length ?? 1));
            var progress = new InlineProgress(_ => task.Value = reader.Length is null ? 0 : reader.BytesRead);
            loaded = index.BulkLoad(IndexDocumentJsonl.Read(reader), progress);
            task.Value = task.MaxValue;
        });
        return loaded;
    }
}
