using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Text.Json;
using Splade.Cli.Commands;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Encoding;
using Splade.Index;
using Splade.Index.Filters;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Hybrid;
using Splade.Retrieval.Input;

namespace Splade.Cli.Search;

/// <summary>
/// <c>splade search</c>: one query (<c>--text</c> or <c>--vector-json</c>) or a batch (<c>--queries</c>), in any mode (sparse, dense,
/// hybrid, two-stage), answered in one output shape (<see cref="SearchResponse"/>): a single query prints one JSON line, a batch one
/// line per query with latency figures on standard error.
/// </summary>
/// <remarks>Every option is honoured in every mode that has a use for it and refused, while parsing, in any mode that has none.</remarks>
internal static class SearchCommand
{
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "The index folder.", Required = true, HelpName = "DIR" };
        var text = new Option<string?>("--text")
        {
            Description = "The query as text, encoded with -m/--model (sparse side) and --dense-model (dense side).",
            HelpName = "TEXT",
        };
        var vectorJson = new Option<SearchQuery?>("--vector-json")
        {
            Description = "The query as vectors: {\"indices\":[...],\"values\":[...]} (sparse), {\"dense\":[...]} (dense), or both.",
            HelpName = "JSON",
            CustomParser = ParseVectorJson,
        };
        var queries = new Option<string?>("--queries", "-q")
        {
            Description = "Batch mode: JSON lines of queries, each {\"id\", \"text\"} and/or vectors as in --vector-json; - reads standard input.",
            HelpName = "FILE|-",
        };
        var mode = EnumOption.Create(
            "--mode", "Which side of the index to search: sparse, dense, hybrid (both, fused) or two-stage (sparse, reranked densely).", SearchMode.Sparse);
        var hybrid = EnumOption.CreateOptional<FusionMethod>("--hybrid", "Earlier spelling of --mode hybrid --fusion X.");
        hybrid.Hidden = true;
        var fusion = EnumOption.CreateOptional<FusionMethod>(
            "--fusion",
            "Hybrid and two-stage: how the sides' scores combine: rrf (reciprocal rank fusion), convex (normalised scores, --alpha) or alpha "
                + "(raw scores, --alpha). Default: rrf in hybrid mode; two-stage without it orders the candidates by dense similarity.");
        var alpha = new Option<double?>("--alpha")
        {
            Description = "With --fusion convex or alpha: the dense side's weight, 0 to 1. Default: 0.5.",
            HelpName = "A",
        };
        alpha.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value >= 0 && value <= 1))
            {
                result.AddError($"--alpha must be between 0 and 1; got {value}.");
            }
        });
        var rrfK = new Option<double?>("--rrf-k") { Description = "With --fusion rrf: the k of 1 / (k + rank). Default: 60.", HelpName = "K" };
        rrfK.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value >= 0 && double.IsFinite(value)))
            {
                result.AddError($"--rrf-k must be a number >= 0; got {value}.");
            }
        });
        var normalization = EnumOption.CreateOptional<ScoreNormalization>(
            "--normalization", "With --fusion convex: how scores are brought to one scale. Default: min-max.");
        var candidates = CommonOptions.AtLeast(
            "--candidates",
            1,
            "Hybrid: documents each side retrieves before fusion; two-stage: first-stage documents reranked. At least -k/--top-k. "
                + $"Default: {SearchSettings.DefaultCandidates} (or k).");
        var topK = new RenamedOption<int>(CommonOptions.TopK("Hits per query.", 10, 1, SearchOptions.MaxK), "--k");
        var filter = new Option<MetadataFilter?>("--filter")
        {
            Description = "Only documents whose metadata matches this filter, in every mode, e.g. {\"field\":\"lang\",\"eq\":\"en\"}.",
            HelpName = "JSON",
            CustomParser = ParseFilter,
        };
        var algorithm = EnumOption.Create(
            "--algorithm",
            "The sparse side's algorithm: auto (approximate when the index has approximate indexes, else exact), term-at-a-time, max-score, "
                + "brute-force or approximate.",
            SearchAlgorithm.Auto);
        var exact = new Option<bool>("--exact")
        {
            Description = "Exact sparse search on an approximate index (term-at-a-time unless --algorithm names another exact one).",
        };
        var model = new ModelOptions();
        var queryMode = new QueryModeOptions();
        var denseModel = DenseModelOption.Create("Dense, hybrid and two-stage text queries: ");
        var explain = new Option<bool>("--explain") { Description = "List each hit's matched terms and their contributions to the sparse score." };
        var output = CommonOptions.Output("Where to write the results");
        var threads = CommonOptions.AtLeast("--threads", 1, "Batch mode: queries searched in parallel. Default: 1.");

        var command = new Command("search", "Search an index with a query or a batch of queries: sparse, dense, hybrid or two-stage.")
        {
            index, text, vectorJson, queries, mode, fusion, alpha, rrfK, normalization, candidates, filter, algorithm, exact, hybrid,
        };
        topK.AddTo(command);
        model.AddTo(command);
        queryMode.AddTo(command);
        foreach (var option in (Option[])[denseModel, explain, output, threads])
        {
            command.Options.Add(option);
        }

        Given.Rule(command, result =>
        {
            var sources = new Option[] { text, vectorJson, queries }.Count(option => Given.Option(result, option));
            if (sources != 1)
            {
                result.AddError("Give exactly one query: --text TEXT, --vector-json JSON, or --queries FILE|- for a batch.");
                return;
            }

            var effective = EffectiveMode(result.GetValue(mode), result.GetValue(hybrid));
            var modeName = $"--mode {EnumSpellings.Of(effective)}";
            if (Given.Option(result, hybrid) && (Given.Option(result, fusion) || (Given.Option(result, mode) && result.GetValue(mode) != SearchMode.Hybrid)))
            {
                result.AddError("--hybrid X is the earlier spelling of --mode hybrid --fusion X; give --mode and --fusion instead.");
                return;
            }

            var isFused = effective is SearchMode.Hybrid or SearchMode.TwoStage;
            if (!isFused && Given.First(result, fusion, alpha, rrfK, normalization, candidates) is { } fusionOption)
            {
                result.AddError($"{fusionOption.Name} applies to --mode hybrid and two-stage, not {modeName}.");
                return;
            }

            var method = result.GetValue(fusion) ?? result.GetValue(hybrid) ?? (effective == SearchMode.Hybrid ? FusionMethod.ReciprocalRank : null);
            var methodName = method is { } m ? $"--fusion {EnumSpellings.Of(m)}" : "two-stage without --fusion (dense order)";
            if (Given.Option(result, alpha) && method is not (FusionMethod.Convex or FusionMethod.Alpha))
            {
                result.AddError($"--alpha weighs the dense side of --fusion convex or alpha; it has no use with {methodName}.");
            }

            if (Given.Option(result, rrfK) && method != FusionMethod.ReciprocalRank)
            {
                result.AddError($"--rrf-k is the k of --fusion rrf; it has no use with {methodName}.");
            }

            if (Given.Option(result, normalization) && method != FusionMethod.Convex)
            {
                result.AddError($"--normalization applies to --fusion convex; it has no use with {methodName}.");
            }

            if (result.GetValue(candidates) is { } depth && depth < topK.GetValue(result))
            {
                result.AddError($"--candidates ({depth}) must be at least -k/--top-k ({topK.GetValue(result)}): the hits are drawn from the candidates.");
            }

            if (effective == SearchMode.Dense && Given.First(result, algorithm, exact, explain) is { } sparseOption)
            {
                result.AddError($"{sparseOption.Name} concerns the sparse side, which {modeName} does not search.");
            }

            if (Given.Option(result, exact) && result.GetValue(algorithm) == SearchAlgorithm.Approximate)
            {
                result.AddError("--exact contradicts --algorithm approximate.");
            }

            var encodesSparse = effective != SearchMode.Dense && !Given.Option(result, vectorJson);
            if (!encodesSparse && (model.FirstGiven(result) ?? queryMode.FirstGiven(result)) is { } modelOption)
            {
                result.AddError(Given.Option(result, vectorJson)
                    ? $"{Given.NameOf(modelOption)} encodes text queries; the --vector-json query is already a vector."
                    : $"{Given.NameOf(modelOption)} encodes the sparse side of text queries, which {modeName} does not search.");
            }

            var encodesDense = effective != SearchMode.Sparse && !Given.Option(result, vectorJson);
            if (!encodesDense && Given.Option(result, denseModel))
            {
                result.AddError(Given.Option(result, vectorJson)
                    ? "--dense-model embeds text queries; the --vector-json query is already a vector."
                    : $"--dense-model embeds the query for the dense side, which {modeName} does not search; add --mode dense, hybrid or two-stage.");
            }

            if (!Given.Option(result, queries) && Given.Option(result, threads))
            {
                result.AddError("--threads runs the queries of a batch (--queries) in parallel; a single query runs on one thread.");
            }
        });

        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var effective = EffectiveMode(parse.GetValue(mode), parse.GetValue(hybrid));
            var chosen = parse.GetValue(algorithm);
            var settings = new SearchSettings
            {
                Mode = effective,
                K = topK.GetValue(parse),
                Filter = parse.GetValue(filter),
                Algorithm = parse.GetValue(exact) && chosen == SearchAlgorithm.Auto ? SearchAlgorithm.TermAtATime : chosen,
                Fusion = parse.GetValue(fusion) ?? parse.GetValue(hybrid) ?? (effective == SearchMode.Hybrid ? FusionMethod.ReciprocalRank : null),
                Alpha = parse.GetValue(alpha),
                RrfK = parse.GetValue(rrfK),
                Normalization = parse.GetValue(normalization),
                Candidates = parse.GetValue(candidates),
                Explain = parse.GetValue(explain),
            };

            var folder = parse.GetValue(index)!;
            using var opened = IndexFolder.OpenReader(folder);
            using var encoders = new QueryEncoders(
                () => model.Load(parse, queryMode.Apply(parse, model.Settings(parse))),
                () => DenseModelOption.Load(parse.GetValue(denseModel)));
            if (settings.NeedsDense)
            {
                RequireDenseVectors(opened, folder);
            }

            var batch = parse.GetValue(queries);
            var list = batch is null
                ? [parse.GetValue(vectorJson) ?? new SearchQuery { Text = parse.GetValue(text) }]
                : ReadQueries(batch);
            if (settings.NeedsDense && list.Exists(query => query.Dense is null && query.Text is not null))
            {
                RequireDimension(folder, opened.DenseDimension, encoders.Dense.Dimension, $"{encoders.Dense.ModelName} (--dense-model) makes");
            }

            encoders.Complete(list, settings.NeedsSparse, settings.NeedsDense, EnumSpellings.Of(effective));
            RefuseUnused(batch, parse.GetResult(model.Model) is { Implicit: false } || parse.GetResult(queryMode.Mode) is { Implicit: false },
                encoders.UsedSplade, "-m/--model and --query-mode encode the sparse side of text queries");
            RefuseUnused(batch, parse.GetResult(denseModel) is { Implicit: false }, encoders.UsedDense, "--dense-model embeds text queries");
            if (settings.NeedsDense)
            {
                foreach (var query in list)
                {
                    if (query.Dense!.Length != opened.DenseDimension)
                    {
                        throw query.Line is { } line
                            ? line.Error($"the query's dense vector has {query.Dense.Length} values; the index's have {opened.DenseDimension}", "dense")
                            : new InputFormatException("--vector-json", 0, "dense",
                                $"the query's dense vector has {query.Dense.Length} values; the index's have {opened.DenseDimension}");
                    }
                }
            }

            var runner = new SearchRunner(opened, settings, encoders.Tokenizer);
            using var target = OutputTarget.Open(parse.GetValue(output));
            if (batch is null)
            {
                CliJson.WriteLine(target.Stream, runner.Run(list[0]), CliJsonContext.Default.SearchResponse);
            }
            else
            {
                RunBatch(runner, list, target.Stream, parse.GetValue(threads) ?? 1);
            }

            target.Commit();
            return ExitCodes.Success;
        }));
        return command;
    }

    private static SearchMode EffectiveMode(SearchMode mode, FusionMethod? legacyHybrid) => legacyHybrid is null ? mode : SearchMode.Hybrid;

    private static List<SearchQuery> ReadQueries(string path)
    {
        var queries = new List<SearchQuery>();
        foreach (var line in JsonLinesReader.ReadObjects(path))
        {
            queries.Add(SearchQuery.FromLine(line));
        }

        return queries;
    }

    private static void RunBatch(SearchRunner runner, List<SearchQuery> queries, Stream output, int threads)
    {
        var responses = new SearchResponse[queries.Count];
        var latencies = new double[queries.Count];
        var watch = Stopwatch.StartNew();
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            responses[i] = runner.Run(queries[i]);
            latencies[i] = responses[i].ElapsedMs;
        });
        var seconds = watch.Elapsed.TotalSeconds;
        foreach (var response in responses)
        {
            CliJson.WriteLine(output, response, CliJsonContext.Default.SearchResponse);
        }

        Array.Sort(latencies);
        CliJson.WriteErrorLine(
            new BatchSummary(
                queries.Count,
                threads,
                Math.Round(Percentile.OfSorted(latencies, 0.50), 3),
                Math.Round(Percentile.OfSorted(latencies, 0.99), 3),
                Math.Round(queries.Count / Math.Max(seconds, 1e-9), 1)),
            CliJsonContext.Default.BatchSummary);
    }

    private static void RequireDenseVectors(SparseIndex index, string folder)
    {
        if (index.DenseDimension == 0)
        {
            throw new InputFormatException(folder, 0, null,
                "the index holds no dense vectors, so it cannot be searched in dense, hybrid or two-stage mode; build it from lines with a "
                + "\"dense\" array (for example from `splade encode-dense`)");
        }
    }

    private static void RequireDimension(string folder, int indexDimension, int queryDimension, string what)
    {
        if (indexDimension != queryDimension)
        {
            throw new InputFormatException(folder, 0, "dense",
                $"the index's dense vectors have {indexDimension} values but {what} {queryDimension}; search with the --dense-model that "
                + "embedded the documents");
        }
    }

    /// <summary>A batch whose every query carried the vectors an encoding option would have made leaves that option unused: refused.</summary>
    private static void RefuseUnused(string? batch, bool given, bool used, string what)
    {
        if (batch is not null && given && !used)
        {
            throw new UsageException($"{what}, but every query of {batch} already carries the vectors; leave those options out.");
        }
    }

    private static SearchQuery? ParseVectorJson(ArgumentResult result)
    {
        try
        {
            return SearchQuery.FromVectorJson(result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty);
        }
        catch (InputFormatException error)
        {
            result.AddError(error.Message);
            return null;
        }
    }

    private static MetadataFilter? ParseFilter(ArgumentResult result)
    {
        var json = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        try
        {
            using (JsonDocument.Parse(json))
            {
            }

            return MetadataFilter.Parse(json);
        }
        catch (JsonException error)
        {
            var at = error.BytePositionInLine is { } position ? $" (near byte {position + 1})" : string.Empty;
            result.AddError($"--filter: not valid JSON{at}.");
        }
        catch (FormatException error)
        {
            result.AddError($"--filter: {error.Message}");
        }

        return null;
    }
}
