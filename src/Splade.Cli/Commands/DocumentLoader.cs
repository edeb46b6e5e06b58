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
        => WithProgress(inputPath, (documents, progress) => index.BulkLoad(documents, progress));

    /// <summary>Builds a new index in <paramref name="folder"/> from the documents of <paramref name="inputPath"/>
    /// (<see cref="SparseIndex.Build(string, IEnumerable{IndexDocument}, IndexBuildOptions?, IProgress{int}?)"/>), with the same
    /// progress bar.</summary>
    public static SparseIndex Build(string folder, string inputPath, IndexBuildOptions options)
        => WithProgress(inputPath, (documents, progress) => SparseIndex.Build(folder, documents, options, progress));

    private static T WithProgress<T>(string inputPath, Func<IEnumerable<IndexDocument>, IProgress<int>, T> load)
    {
        using var reader = JsonLinesReader.Open(inputPath);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("indexing", maxValue: Math.Max(1, reader.Length ?? 1));
            var progress = new InlineProgress(_ => task.Value = reader.Length is null ? 0 : reader.BytesRead);
            result = load(IndexDocumentJsonl.Read(reader), progress);
            task.Value = task.MaxValue;
        });
        return result;
    }
}
