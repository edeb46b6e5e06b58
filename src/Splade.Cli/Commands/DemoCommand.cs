using System.CommandLine;
using Spectre.Console;
using Splade.Encoding;
using Splade.Models.Dense;
using Splade.Index;
using Splade.Retrieval;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Hybrid;
using Splade.Retrieval.Learned;
using Splade.Retrieval.Lexical;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade demo</c>: the quick start's main job. Indexes the embedded MEDLINE collection with BM25, the default embedded
/// dense model (or <c>--dense-model</c>), the shipped SPLADE model (or the one given) and two hybrids, evaluates each on
/// the collection's judged queries and shows the top hits of a query.
/// </summary>
internal static class DemoCommand
{
    private const int Depth = 100;

    public static Command Create()
    {
        var model = new Option<string?>("--model")
        {
            Description = "A SPLADE model folder instead of the shipped splade-minilm-l6.",
        };
        var query = new Option<string?>("--query") { Description = "The query whose top hits are shown (default: the collection's first query)." };
        var top = new Option<int>("--top") { Description = "How many hits to show per method.", DefaultValueFactory = _ => 3 };
        var denseModel = DenseModelOption.Create();
        var command = new Command("demo", "Index the embedded MEDLINE collection with BM25, dense, SPLADE and hybrid retrieval, evaluate and search it.")
        {
            model, query, top, denseModel,
        };
        command.SetAction(
            parse => CommandErrors.Run(() => Run(parse.GetValue(model), parse.GetValue(denseModel), parse.GetValue(query), Math.Max(1, parse.GetValue(top)))));
        return command;
    }

    private static int Run(string? modelFolder, string? denseModel, string? queryText, int top)
    {
        var collection = MedlineDemo.Load();
        var sample = queryText ?? collection.Queries[0].Text;
        var cache = new DenseEmbeddingCache(Path.Combine(Path.GetTempPath(), "splade-demo", "dense-cache"));
        Console.Error.WriteLine(
            $"Collection: MEDLINE, {collection.Corpus.Count} abstracts, {collection.Queries.Count} queries (unpacked to {MedlineDemo.Folder}).");
        var denseName = DenseModels.TryFind(denseModel ?? DenseModels.DefaultName, out var embedded)
            ? embedded.ModelName
            : Path.GetFileName(Path.TrimEndingDirectorySeparator(denseModel!));
        var methods = new List<(string Label, Func<IRetrievalMethod> Create)>
        {
            ("BM25 (English analyzer, k1=0.9 b=0.4)", () => new LexicalRetriever()),
            ($"dense ({denseName})", () => Dense(denseModel, cache)),
            ("hybrid RRF (BM25 + dense)", () => new HybridRetrievalMethod(new LexicalRetriever(), Dense(denseModel, cache), new FusionOptions())),
        };
        var name = ModelSource.DisplayName(modelFolder);
        var spladeFolder = ModelSource.Resolve(modelFolder);
        Console.Error.WriteLine($"SPLADE model: {name} ({spladeFolder}).");
        using var splade = new SpladeRetriever(SpladeEncoder.Load(spladeFolder), name);
        methods.Add(($"SPLADE ({name})", () => new AlreadyIndexed(splade, indexOnFirstUse: true)));
        methods.Add(
            ($"hybrid RRF (SPLADE + dense; SPLADE index reused)",
                () => new HybridRetrievalMethod(new AlreadyIndexed(splade, indexOnFirstUse: false), Dense(denseModel, cache), new FusionOptions())));

        var table = new Table().Title("MEDLINE: quality and speed").AddColumns("method", "nDCG@10", "Recall@100", "MRR@10", "index s", "search ms p50");
        var hits = new List<(string Label, IReadOnlyList<SearchHit> Results)>();
        foreach (var (label, create) in methods)
        {
            using var method = create();
            var report = EvalCommand.EvaluateWithProgress(method, collection, Depth);
            var mean = report.Metrics.Mean;
            table.AddRow(
                label,
                F(mean.NdcgAt10),
                F(mean.RecallAt100),
                F(mean.MrrAt10),
                report.IndexSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                report.SearchMillisecondsP50.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            hits.Add((label, method.Search(sample, top)));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"\n[bold]Query:[/] {Markup.Escape(sample)}");
        var titles = collection.Corpus.ToDictionary(d => d.Id, d => d.FullText, StringComparer.Ordinal);
        foreach (var (label, results) in hits)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(label)}[/]");
            foreach (var hit in results)
            {
                AnsiConsole.MarkupLine($"  {hit.Score,8:F3}  [grey]{Markup.Escape(hit.Id)}[/]  {Markup.Escape(Snippet(titles[hit.Id]))}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Lends the demo's one SPLADE retriever to several rows, so the collection is encoded once; the demo disposes it.</summary>
    private sealed class AlreadyIndexed(SpladeRetriever inner, bool indexOnFirstUse) : IRetrievalMethod
    {
        public string Name => inner.Name;

        public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
        {
            if (indexOnFirstUse)
            {
                inner.Index(documents, progress);
            }
            else
            {
                progress?.Report(documents.Count);
            }
        }

        public IReadOnlyList<SearchHit> Search(string query, int k) => inner.Search(query, k);

        public void Dispose()
        {
        }
    }

    private static DenseRetrievalMethod Dense(string? denseModel, DenseEmbeddingCache cache) => new(DenseModelOption.Load(denseModel), cache);

    private static string F(double value) => value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);

    private static string Snippet(string text) => text.Length <= 90 ? text : string.Concat(text.AsSpan(0, 87), "...");
}
