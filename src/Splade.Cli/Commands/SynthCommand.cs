using System.CommandLine;
using System.Text.Json;
using Splade.Index;
using Splade.Index.Jsonl;
using Splade.Index.Synthetic;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade synth --docs N --queries M --seed S [--topics T] --out DIR</c>: writes a synthetic SPLADE-like corpus as docs.jsonl and queries.jsonl, streamed.
/// </summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var docs = new Option<long>("--docs") { Description = "The number of documents.", Required = true };
        var queries = new Option<int>("--queries") { Description = "The number of queries.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "The random seed.", DefaultValueFactory = _ => 42 };
        var topics = new Option<int>("--topics")
        {
            Description = "Latent topics that documents and queries draw most of their terms from (0: none, every document an independent draw).",
            DefaultValueFactory = _ => 0,
        };
        var output = new Option<string>("--out") { Description = "The folder to write docs.jsonl and queries.jsonl to.", Required = true };
        var command = new Command("synth", "Generate a synthetic (clearly not real) SPLADE-like corpus with MS MARCO statistics.")
        {
            docs, queries, seed, topics, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var documentCount = parse.GetValue(docs);
            var queryCount = parse.GetValue(queries);
            if (documentCount < 1 || queryCount < 0 || parse.GetValue(topics) < 0)
            {
                Console.Error.WriteLine("error: --docs must be at least 1, --queries and --topics at least 0.");
                return ExitCodes.UsageError;
            }

            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var corpus = new SyntheticSpladeCorpus(new SyntheticCorpusOptions { Seed = parse.GetValue(seed), Topics = parse.GetValue(topics) });
            Write(Path.Combine(folder, "docs.jsonl"), corpus.Documents(documentCount));
            Write(Path.Combine(folder, "queries.jsonl"), Enumerable.Range(0, queryCount).Select(q => corpus.Query(q, documentCount)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(string path, IEnumerable<IndexDocument> documents)
    {
        var temporary = path + ".tmp";
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 20))
        {
            foreach (var document in documents)
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    IndexDocumentJsonl.Write(writer, document);
                }

                stream.WriteByte((byte)'\n');
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
