using System.CommandLine;
using System.Text.Json;
using Splade.Index;
using Splade.Cli.Grammar;
using Splade.Cli.Synthetic;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade synth --docs N --queries M --seed S [--topics T] -o DIR</c>: writes a synthetic SPLADE-like corpus as docs.jsonl and queries.jsonl, streamed.
/// </summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var docs = new Option<long>("--docs") { Description = "The number of documents, at least 1.", Required = true, HelpName = "N" };
        docs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 1)
            {
                result.AddError("--docs must be at least 1.");
            }
        });
        var queries = new Option<int>("--queries") { Description = "The number of queries. Default: 100.", DefaultValueFactory = _ => 100, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "The random seed. Default: 42.", DefaultValueFactory = _ => 42 };
        var topics = new Option<int>("--topics")
        {
            Description = "Latent topics that documents and queries draw most of their terms from (0: none, every document an independent draw).",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        };
        foreach (var count in (Option<int>[])[queries, topics])
        {
            count.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 0)
                {
                    result.AddError($"{count.Name} must be at least 0.");
                }
            });
        }

        var output = new RenamedOption<string?>(
            new Option<string?>("--output", "-o") { Description = "The folder to write docs.jsonl and queries.jsonl to.", HelpName = "DIR" }, "--out");
        var command = new Command("synth", "Generate a synthetic (clearly not real) SPLADE-like corpus with MS MARCO statistics.")
        {
            docs, queries, seed, topics,
        };
        output.AddTo(command);
        Given.Rule(command, result =>
        {
            if (!output.IsGiven(result))
            {
                result.AddError("Name the folder to write to with -o/--output DIR.");
            }
        });
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var documentCount = parse.GetValue(docs);
            var queryCount = parse.GetValue(queries);
            var folder = output.GetValue(parse)!;
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
