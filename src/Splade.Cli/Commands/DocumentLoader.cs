using Spectre.Console;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary>Streams a JSON-lines file of documents into an index in batches, with a progress bar on stderr.</summary>
internal static class DocumentLoader
{
    private const int BatchSize = 10_000;

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
            var batch = new List<IndexDocument>(BatchSize);
            foreach (var document in IndexDocumentJsonl.Read(reader, inputPath))
            {
                batch.Add(document);
                if (batch.Count == BatchSize)
                {
                    loaded += Commit(index, batch);
                    task.Value = stream.Position;
                }
            }

            loaded += Commit(index, batch);
            task.Value = task.MaxValue;
        });
        return loaded;
    }

    private static int Commit(SparseIndex index, List<IndexDocument> batch)
    {
        var count = batch.Count;
        index.Upsert(batch);
        batch.Clear();
        return count;
    }
}
