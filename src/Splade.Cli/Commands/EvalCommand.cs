using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Splade.Models.Dense;
using Splade.Retrieval;
using Splade.Retrieval.Evaluation;

namespace Splade.Cli.Commands;

/// <summary><c>splade eval</c>: runs a retrieval method over BEIR-layout test collections and reports IR metrics.</summary>
internal static class EvalCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var dataset = new Option<string?>("--dataset") { Description = "A collection folder (corpus.jsonl, queries.jsonl, qrels/test.tsv)." };
        var all = new Option<bool>("--all") { Description = "Evaluate every available method on every collection under --datasets." };
        var datasets = new Option<string?>("--datasets") { Description = "With --all: the folder whose subfolders are collections." };
        var method = new Option<string>("--method")
        {
            Description = "bm25, tfidf, splade, dense, hybrid (BM25 + dense), hybrid-splade (SPLADE + dense), two-stage, ...",
            DefaultValueFactory = _ => "bm25",
        };
        var methods = new Option<string>("--methods")
        {
            Description = "With --all: comma-separated methods to run on every collection, in this order.",
            DefaultValueFactory = _ => "bm25,tfidf",
        };
        var model = new Option<string?>("--model")
        {
            Description =
                "Model folder: the SPLADE model for splade and hybrid-splade and the tokenizer for --analyzer wordpiece (default: " +
                "the shipped splade-minilm-l6).",
        };
        var denseModel = new Option<string?>("--dense-model")
        {
            Description =
                $"The dense model of dense, hybrid*, two-stage and hybrid-splade: {DenseModelOption.NameList}, or a model folder. With --all, a " +
                "comma-separated list runs those methods once per model.",
        };
        var k = new Option<int>("--k")
        {
            Description = "Documents retrieved per query (at most 1000 are scored).",
            DefaultValueFactory = _ => TrecRun.MaxDepth,
        };
        var k1 = new Option<float>("--k1") { Description = "BM25 term-frequency saturation.", DefaultValueFactory = _ => 0.9f };
        var b = new Option<float>("--b") { Description = "BM25 length normalisation, 0..1.", DefaultValueFactory = _ => 0.4f };
        var analyzer = new Option<string>("--analyzer") { Description = "english or wordpiece (lexical methods).", DefaultValueFactory = _ => "english" };
        var luceneNorms = new Option<bool>("--lucene-norms") { Description = "Round document lengths as Lucene 4.8 does (BM25)." };
        var output = new Option<string?>("--out") { Description = "Also write the JSON results to this file." };
        var run = new Option<string?>("--run") { Description = "Write the TREC run (qid Q0 docid rank score tag) to this file." };
        var markdown = new Option<string?>("--markdown") { Description = "With --all: write the results page (Markdown) to this file." };

        var command = new Command("eval", "Evaluate retrieval on test collections: nDCG@10, MRR@10, Recall@100, MAP, timings, as JSON.");
        foreach (var option in (Option[])[dataset, all, datasets, method, methods, model, denseModel, k, k1, b, analyzer, luceneNorms, output, run, markdown])
        {
            command.Options.Add(option);
        }

        method.AcceptOnlyFromAmong(EvalMethods.Names);
        analyzer.AcceptOnlyFromAmong(EvalMethods.Analyzers);
        k.Validators.Add(result => { if (result.GetValueOrDefault<int>() is < 1 or > 10_000) { result.AddError("--k must be between 1 and 10000."); } });
        k1.Validators.Add(result => { if (!(result.GetValueOrDefault<float>() >= 0)) { result.AddError("--k1 must be a number >= 0."); } });
        b.Validators.Add(result => { if (result.GetValueOrDefault<float>() is not (>= 0 and <= 1)) { result.AddError("--b must be between 0 and 1."); } });
        command.Validators.Add(result =>
        {
            var isAll = result.GetValue(all);
            if (isAll == (result.GetResult(dataset) is not null))
            {
                result.AddError("Give either --dataset DIR, or --all with --datasets DIR.");
            }
            else if (isAll && result.GetResult(datasets) is null)
            {
                result.AddError("--all needs --datasets DIR.");
            }
            else if (!isAll && (result.GetResult(markdown) is not null || result.GetResult(datasets) is not null))
            {
                result.AddError("--markdown and --datasets go with --all.");
            }
            else if (isAll && result.GetResult(run) is not null)
            {
                result.AddError("--run writes one run; use it with --dataset, not --all.");
            }
            else if (!isAll && result.GetResult(methods) is not null)
            {
                result.AddError("--methods goes with --all; use --method with --dataset.");
            }
            else if (isAll && result.GetValue(methods) is { } list && ParseMethods(list) is var names)
            {
                if (names.Count == 0)
                {
                    result.AddError("--methods names no method.");
                }
                else if (names.Find(n => Array.IndexOf(EvalMethods.Names, n) < 0) is { } unknown)
                {
                    result.AddError($"--methods: unknown method '{unknown}'; choose among {string.Join(", ", EvalMethods.Names)}.");
                }
                else if (result.GetResult(denseModel) is not null && !names.Exists(EvalMethods.UsesDense))
                {
                    result.AddError($"--dense-model: none of --methods embeds text ({string.Join(", ", EvalMethods.DenseFamily)} do).");
                }
            }
            else if (!isAll && result.GetValue(method) is { } single)
            {
                if (result.GetResult(denseModel) is not null && !EvalMethods.UsesDense(single))
                {
                    result.AddError($"--dense-model: method {single} embeds no text ({string.Join(", ", EvalMethods.DenseFamily)} do).");
                }
                else if (result.GetResult(model) is not null && !EvalMethods.UsesModel(single, result.GetValue(analyzer) ?? "english"))
                {
                    result.AddError(
                        $"--model names the SPLADE model (or the tokenizer of --analyzer wordpiece), which method {single} does not use; a " +
                        "dense model goes in --dense-model.");
                }
                else if (ParseList(result.GetValue(denseModel)).Count > 1)
                {
                    result.AddError("--dense-model: one model with --dataset; a list goes with --all.");
                }
            }

            foreach (var name in ParseList(result.GetValue(denseModel)))
            {
                if (!DenseModels.IsNameOrFolder(name))
                {
                    result.AddError($"--dense-model: '{name}' is neither an embedded dense model nor a folder; {DenseModels.Choices()}.");
                }
            }
        });

        command.SetAction(parseResult => CommandErrors.Run(() =>
        {
            var denseModels = ParseList(parseResult.GetValue(denseModel)) is { Count: > 0 } listed ? listed.ConvertAll(n => (string?)n) : [null];
            var settings = new EvalSettings(
                parseResult.GetValue(model), denseModels[0], parseResult.GetValue(k1), parseResult.GetValue(b), parseResult.GetValue(luceneNorms));
            var depth = parseResult.GetValue(k);
            JsonNode result;
            if (parseResult.GetValue(all))
            {
                var reports = EvaluateAll(parseResult.GetValue(datasets)!, ParseMethods(parseResult.GetValue(methods)!), denseModels, settings, depth);
                result = new JsonArray([.. reports.Select(EvaluationReportJson.ToJson)]);
                if (parseResult.GetValue(markdown) is { } page)
                {
                    WriteAtomically(
                        page,
                        ResultsMarkdown.Render(
                            reports,
                            RegenerateCommand(parseResult),
                            $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
                }
            }
            else
            {
                var collection = BeirDataset.Load(parseResult.GetValue(dataset)!);
                var report = EvaluateOne(collection, parseResult.GetValue(method)!, parseResult.GetValue(analyzer)!, settings, depth);
                var json = EvaluationReportJson.ToJson(report);
                json["analyzer"] = parseResult.GetValue(analyzer);
                json["k1"] = settings.K1;
                json["b"] = settings.B;
                result = json;
                if (parseResult.GetValue(run) is { } runPath)
                {
                    TrecRunFile.Write(report.Run, runPath, report.Method.Replace('/', '-'));
                }
            }

            var text = result.ToJsonString(Indented);
            Console.Out.WriteLine(text);
            if (parseResult.GetValue(output) is { } outPath)
            {
                WriteAtomically(outPath, text + "\n");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static List<EvaluationReport> EvaluateAll(string root, List<string> methods, List<string?> denseModels, EvalSettings settings, int depth)
    {
        if (!Directory.Exists(root))
        {
            throw new DatasetFormatException(root, 0, "the datasets folder does not exist");
        }

        var folders = Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "corpus.jsonl"))).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            throw new DatasetFormatException(root, 0, "no collection (a subfolder with corpus.jsonl) found");
        }

        var reports = new List<EvaluationReport>();
        foreach (var (method, analyzer, denseModel) in EvalMethods.Combinations(methods, denseModels))
        {
            var methodSettings = settings with { DenseModel = denseModel };
            foreach (var folder in folders)
            {
                reports.Add(EvaluateOne(BeirDataset.Load(folder), method, analyzer, methodSettings, depth));
            }
        }

        return reports;
    }

    private static EvaluationReport EvaluateOne(BeirDataset collection, string methodName, string analyzer, EvalSettings settings, int depth)
    {
        using var method = EvalMethods.Create(methodName, analyzer, settings);
        return EvaluateWithProgress(method, collection, depth);
    }

    /// <summary>Evaluates <paramref name="method"/> on <paramref name="collection"/> with indexing and searching progress bars on stderr.</summary>
    internal static EvaluationReport EvaluateWithProgress(IRetrievalMethod method, BeirDataset collection, int depth)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        EvaluationReport? report = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var indexing = context.AddTask($"{collection.Name} {method.Name}: indexing", maxValue: collection.Corpus.Count);
                var searching = context.AddTask($"{collection.Name} {method.Name}: searching", maxValue: collection.Queries.Count);
                report = RetrievalEvaluator.Evaluate(method, collection, new EvaluationOptions
                {
                    K = depth,
                    IndexProgress = new InlineProgress(done => indexing.Value = done),
                    SearchProgress = new InlineProgress(done => searching.Value = done),
                });
            });
        return report!;
    }

    private static List<string> ParseMethods(string list) => ParseList(list);

    private static List<string> ParseList(string? list)
        => list is null ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static string RegenerateCommand(ParseResult parseResult) =>
        "splade eval " + string.Join(' ', parseResult.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value).Skip(1));

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
