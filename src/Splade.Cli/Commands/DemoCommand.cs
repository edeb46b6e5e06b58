using System.CommandLine;
using Spectre.Console;
using Splade.Cli.Eval;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Encoding;
using Splade.Index;
using Splade.Models.Dense;
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
        var model = new Option<string?>("--model", "-m")
        {
            Description = "A SPLADE model folder instead of the shipped splade-minilm-l6.",
            HelpName = "DIR",
        };
        var queryMode = new QueryModeOptions();
        var text = new RenamedOption<string?>(
            new Option<string?>("--text") { Description = "The query whose top hits are shown (default: the collection's first query).", HelpName = "TEXT" },
            "--query");
        var topK = new RenamedOption<int>(CommonOptions.TopK("How many hits to show per method.", 3, 1, 100), "--top");
        var denseModel = DenseModelOption.Create();
        var json = CommonOptions.Json("the metrics and hits");
        var command = new Command("demo", "Index the embedded MEDLINE collection with BM25, dense, SPLADE and hybrid retrieval, evaluate and search it.")
        {
            model, denseModel, json,
        };
        queryMode.AddTo(command);
        text.AddTo(command);
        topK.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() => Run(new DemoSettings(
            parse.GetValue(model),
            queryMode.Apply(parse, new SpladeEncoderOptions()),
            parse.GetValue(denseModel),
            text.GetValue(parse),
            topK.GetValue(parse),
            parse.GetValue(json)))));
        return command;
    }

    private static int Run(DemoSettings settings)
    {
        var (modelFolder, spladeOptions, denseModel, queryText, top, asJson) = settings;
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
        using var splade = new SpladeRetriever(SpladeEncoder.Load(spladeFolder, spladeOptions), name);
        methods.Add(($"SPLADE ({name})", () => new AlreadyIndexed(splade, indexOnFirstUse: true)));
        methods.Add(
            ($"hybrid RRF (SPLADE + dense; SPLADE index reused)",
                () => new HybridRetrievalMethod(new AlreadyIndexed(splade, indexOnFirstUse: false), Dense(denseModel, cache), new FusionOptions())));

        var table = new Table().Title("MEDLINE: quality and speed").AddColumns("method", "nDCG@10", "Recall@100", "MRR@10", "index s", "search ms p50");
        var hits = new List<(string Label, IReadOnlyList<SearchHit> Results)>();
        var titles = collection.Corpus.ToDictionary(d => d.Id, d => d.FullText, StringComparer.Ordinal);
        var rows = new List<DemoMethodOutput>();
        foreach (var (label, create) in methods)
        {
            using var method = create();
            var report = EvalCommand.EvaluateWithProgress(method, collection, Depth);
            var mean = report.Metrics.Mean;
            var found = method.Search(sample, top);
            rows.Add(new DemoMethodOutput(
                label,
                Math.Round(mean.NdcgAt10, 6),
                Math.Round(mean.RecallAt100, 6),
                Math.Round(mean.MrrAt10, 6),
                Math.Round(report.IndexSeconds, 3),
                Math.Round(report.SearchMillisecondsP50, 3),
                [.. found.Select(hit => new DemoHit(hit.Id, hit.Score, Snippet(titles[hit.Id])))]));
            table.AddRow(
                label,
                F(mean.NdcgAt10),
                F(mean.RecallAt100),
                F(mean.MrrAt10),
                report.IndexSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                report.SearchMillisecondsP50.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            hits.Add((label, found));
        }

        if (asJson)
        {
            CliJson.WriteLine(new DemoOutput("medline", sample, rows), CliJsonContext.Default.DemoOutput);
            return ExitCodes.Success;
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"\n[bold]Query:[/] {Markup.Escape(sample)}");
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

    /// <summary>What one <c>splade demo</c> asks for.</summary>
    private sealed record DemoSettings(string? ModelFolder, SpladeEncoderOptions SpladeOptions, string? DenseModel, string? Query, int Top, bool Json);

    private static DenseRetrievalMethod Dense(string? denseModel, DenseEmbeddingCache cache) => new(DenseModelOption.Load(denseModel), cache);

    private static string F(double value) => value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);

    private static string Snippet(string text) => text.Length <= 90 ? text : string.Concat(text.AsSpan(0, 87), "...");
}
