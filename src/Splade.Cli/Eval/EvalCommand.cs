using System.CommandLine;
using System.CommandLine.Parsing;
using Spectre.Console;
using Splade.Cli.Commands;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Encoding;
using Splade.Models.Dense;
using Splade.Retrieval;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Input;

namespace Splade.Cli.Eval;

/// <summary><c>splade eval</c>: runs a retrieval method over BEIR-layout test collections and reports IR metrics as JSON.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string?>("--dataset") { Description = "A collection folder (corpus.jsonl, queries.jsonl, qrels/test.tsv).", HelpName = "DIR" };
        var all = new Option<bool>("--all") { Description = "Evaluate every method of --methods on every collection under --datasets." };
        var datasets = new Option<string?>("--datasets") { Description = "With --all: the folder whose subfolders are collections.", HelpName = "DIR" };
        var method = EnumOption.Create(
            "--method", "The method: bm25, tfidf, splade, dense, hybrid (BM25 + dense), hybrid-splade (SPLADE + dense), ...", EvalMethod.Bm25);
        var methods = new Option<List<EvalMethod>>("--methods")
        {
            Description = "With --all: comma-separated methods to run on every collection, in this order. Default: bm25,tfidf.",
            HelpName = "LIST",
            CustomParser = ParseMethods,
            DefaultValueFactory = _ => [EvalMethod.Bm25, EvalMethod.Tfidf],
        };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Model folder: the SPLADE model for splade and hybrid-splade and the tokenizer for --analyzer wordpiece (default: "
                + "the shipped splade-minilm-l6).",
            HelpName = "DIR",
        };
        var queryMode = new QueryModeOptions();
        var denseModel = new Option<string?>("--dense-model")
        {
            Description = $"The dense model of dense, hybrid*, two-stage and hybrid-splade: {DenseModelOption.NameList}, or a model folder. With "
                + "--all, a comma-separated list runs those methods once per model.",
            HelpName = "MODEL",
        };
        var topK = new RenamedOption<int>(CommonOptions.TopK("Documents retrieved per query (at most 1000 are scored).", TrecRun.MaxDepth, 1, 10_000), "--k");
        var k1 = new Option<float>("--k1") { Description = "BM25 term-frequency saturation. Default: 0.9.", DefaultValueFactory = _ => 0.9f };
        k1.Validators.Add(result =>
        {
            if (!(result.GetValueOrDefault<float>() >= 0))
            {
                result.AddError("--k1 must be a number >= 0.");
            }
        });
        var b = new Option<float>("--b") { Description = "BM25 length normalisation, 0 to 1. Default: 0.4.", DefaultValueFactory = _ => 0.4f };
        b.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<float>() is not (>= 0 and <= 1))
            {
                result.AddError("--b must be between 0 and 1.");
            }
        });
        var analyzer = EnumOption.Create("--analyzer", "How the lexical methods split text: english or wordpiece.", EvalAnalyzer.English);
        var luceneNorms = new Option<bool>("--lucene-norms") { Description = "Round document lengths as Lucene 4.8 does (BM25)." };
        var output = new RenamedOption<string?>(CommonOptions.Output("Where to write the JSON results"), "--out");
        var run = new Option<string?>("--run") { Description = "Write the TREC run (qid Q0 docid rank score tag) to this file.", HelpName = "FILE" };
        var markdown = new Option<string?>("--markdown") { Description = "With --all: write the results page (Markdown) to this file.", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Print JSON (the default: the results are always JSON)." };

        var command = new Command("eval", "Evaluate retrieval on test collections: nDCG@10, MRR@10, Recall@100, MAP, timings, as JSON.");
        foreach (var option in (Option[])[dataset, all, datasets, method, methods, model, denseModel, k1, b, analyzer, luceneNorms, run, markdown, json])
        {
            command.Options.Add(option);
        }

        queryMode.AddTo(command);
        topK.AddTo(command);
        output.AddTo(command);
        var grammar = new EvalGrammar(dataset, all, datasets, method, methods, model, denseModel, analyzer, run, markdown, queryMode);
        Given.Rule(command, result => Validate(result, grammar));

        command.SetAction(parseResult => CommandErrors.Run(() =>
        {
            var denseModels = ParseList(parseResult.GetValue(denseModel)) is { Count: > 0 } listed ? listed.ConvertAll(n => (string?)n) : [null];
            var settings = new EvalSettings(
                parseResult.GetValue(model),
                denseModels[0],
                parseResult.GetValue(k1),
                parseResult.GetValue(b),
                parseResult.GetValue(luceneNorms),
                queryMode.Apply(parseResult, new SpladeEncoderOptions()));
            var depth = topK.GetValue(parseResult);
            using var target = OutputTarget.Open(output.GetValue(parseResult));
            if (parseResult.GetValue(all))
            {
                var reports = EvaluateAll(parseResult.GetValue(datasets)!, parseResult.GetValue(methods)!, denseModels, settings, depth);
                if (parseResult.GetValue(markdown) is { } page)
                {
                    using var file = OutputTarget.Open(page);
                    var machine = $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
                    file.Stream.Write(System.Text.Encoding.UTF8.GetBytes(ResultsMarkdown.Render(reports, RegenerateCommand(parseResult), machine)));
                    file.Commit();
                }

                CliJson.WriteLine(target.Stream, reports.ConvertAll(EvalOutput.From), CliJsonContext.Default.ListEvalOutput);
            }
            else
            {
                var collection = BeirDataset.Load(parseResult.GetValue(dataset)!);
                var chosenAnalyzer = parseResult.GetValue(analyzer);
                var report = EvaluateOne(collection, parseResult.GetValue(method), chosenAnalyzer, settings, depth);
                if (parseResult.GetValue(run) is { } runPath)
                {
                    TrecRunFile.Write(report.Run, runPath, report.Method.Replace('/', '-'));
                }

                var result = EvalOutput.From(report) with { Analyzer = EnumSpellings.Of(chosenAnalyzer), K1 = settings.K1, B = settings.B };
                CliJson.WriteLine(target.Stream, result, CliJsonContext.Default.EvalOutput);
            }

            target.Commit();
            return ExitCodes.Success;
        }));
        return command;
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

    private static void Validate(CommandResult result, EvalGrammar o)
    {
        var isAll = result.GetValue(o.All);
        if (isAll == Given.Option(result, o.Dataset))
        {
            result.AddError("Give either --dataset DIR, or --all with --datasets DIR.");
            return;
        }

        if (isAll && !Given.Option(result, o.Datasets))
        {
            result.AddError("--all needs --datasets DIR.");
        }

        if (!isAll && Given.First(result, o.Markdown, o.Datasets, o.Methods) is { } allOnly)
        {
            result.AddError($"{allOnly.Name} goes with --all{(allOnly == o.Methods ? "; use --method with --dataset" : string.Empty)}.");
        }

        if (isAll && Given.First(result, o.Run, o.Method, o.Analyzer) is { } singleOnly)
        {
            result.AddError($"{singleOnly.Name} goes with --dataset, not --all (which runs every method of --methods with every analyzer).");
        }

        var chosen = isAll ? result.GetValue(o.Methods) ?? [] : [result.GetValue(o.Method)];
        var analyzer = result.GetValue(o.Analyzer);
        var denseModels = ParseList(result.GetValue(o.DenseModel));
        if (Given.Option(result, o.DenseModel) && !chosen.Exists(EvalMethods.UsesDense))
        {
            result.AddError($"--dense-model: {Describe(chosen)} embeds no text (dense, hybrid*, two-stage and hybrid-splade do).");
        }

        if (Given.Option(result, o.Model) && !chosen.Exists(m => isAll ? EvalMethods.UsesModel(m, EvalAnalyzer.Wordpiece) : EvalMethods.UsesModel(m, analyzer)))
        {
            result.AddError(
                $"--model names the SPLADE model (or the tokenizer of --analyzer wordpiece), which {Describe(chosen)} does not use; a dense "
                + "model goes in --dense-model.");
        }

        if (o.QueryMode.FirstGiven(result) is { } queryOption && !chosen.Exists(EvalMethods.UsesSplade))
        {
            result.AddError($"{queryOption.Name} says how SPLADE encodes queries; {Describe(chosen)} does not encode queries with SPLADE.");
        }

        if (!isAll && denseModels.Count > 1)
        {
            result.AddError("--dense-model: one model with --dataset; a list goes with --all.");
        }

        foreach (var name in denseModels)
        {
            if (!DenseModels.IsNameOrFolder(name))
            {
                result.AddError($"--dense-model: '{name}' is neither an embedded dense model nor a folder; {DenseModels.Choices()}.");
            }
        }
    }

    private static string Describe(List<EvalMethod> methods) =>
        methods.Count == 1 ? $"method {EnumSpellings.Of(methods[0])}" : $"none of {string.Join(",", methods.ConvertAll(EnumSpellings.Of))}";

    private static List<EvaluationReport> EvaluateAll(string root, List<EvalMethod> methods, List<string?> denseModels, EvalSettings settings, int depth)
    {
        if (!Directory.Exists(root))
        {
            throw new InputFormatException(root, 0, null, "the datasets folder does not exist");
        }

        var folders = Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "corpus.jsonl"))).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            throw new InputFormatException(root, 0, null, "no collection (a subfolder with corpus.jsonl) found");
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

    private static EvaluationReport EvaluateOne(BeirDataset collection, EvalMethod methodName, EvalAnalyzer analyzer, EvalSettings settings, int depth)
    {
        using var method = EvalMethods.Create(methodName, analyzer, settings);
        return EvaluateWithProgress(method, collection, depth);
    }

    private static List<EvalMethod> ParseMethods(ArgumentResult result)
    {
        var methods = new List<EvalMethod>();
        var list = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        foreach (var name in ParseList(list))
        {
            if (!EnumSpellings.TryParse<EvalMethod>(name, out var method))
            {
                result.AddError($"--methods: unknown method '{name}'; choose among {string.Join(", ", EnumSpellings.All<EvalMethod>())}.");
                return methods;
            }

            if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }

        if (methods.Count == 0)
        {
            result.AddError("--methods names no method.");
        }

        return methods;
    }

    private static List<string> ParseList(string? list)
        => list is null ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static string RegenerateCommand(ParseResult parseResult) =>
        "splade eval " + string.Join(' ', parseResult.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value).Skip(1));

    /// <summary>The options the cross-option rules of <c>splade eval</c> look at.</summary>
    private sealed record EvalGrammar(
        Option<string?> Dataset,
        Option<bool> All,
        Option<string?> Datasets,
        Option<EvalMethod> Method,
        Option<List<EvalMethod>> Methods,
        Option<string?> Model,
        Option<string?> DenseModel,
        Option<EvalAnalyzer> Analyzer,
        Option<string?> Run,
        Option<string?> Markdown,
        QueryModeOptions QueryMode);
}
