using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Core;
using Splade.Encoding;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary><c>splade encode</c>: texts to SPLADE vectors, one JSON line each, every other field of the input line carried through.</summary>
/// <remarks>
/// Each input line is a JSON object with an <c>"id"</c> and a string <c>"text"</c>; the output line is the same object (metadata, text,
/// dense vector and any other field kept) with <c>"indices"</c> and <c>"values"</c> added, so it can go straight to
/// <c>splade encode-dense</c> or <c>splade index build</c>. Texts are documents unless <c>--query</c> says they are queries, which the
/// encoder encodes with its query settings and <c>--query-mode</c>.
/// </remarks>
internal static class EncodeCommand
{
    private static readonly string[] VectorFields = ["indices", "values"];

    public static Command Create()
    {
        var model = new ModelOptions();
        var queryMode = new QueryModeOptions();
        var batchSize = CommonOptions.AtLeast("--batch-size", 1, "Texts per model batch. Default: 32.");
        var topK = new Option<int?>("--top-k", "-k") { Description = "Keep only the k heaviest terms of each vector.", HelpName = "N" };
        topK.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("-k/--top-k must be at least 1.");
            }
        });
        var threshold = new Option<float>("--threshold") { Description = "Drop terms that weigh less than this.", HelpName = "W" };
        threshold.Validators.Add(result =>
        {
            if (!(result.GetValueOrDefault<float>() >= 0f) || !float.IsFinite(result.GetValueOrDefault<float>()))
            {
                result.AddError("--threshold must be a number >= 0.");
            }
        });
        var asQueries = new Option<bool>("--query") { Description = "The texts are queries: encode them with the model's query settings and --query-mode." };
        var text = new Option<string?>("--text") { Description = "Encode this one text (its id is \"0\").", HelpName = "TEXT" };
        var input = CommonOptions.Input("JSON lines of {\"id\", \"text\", ...}; other fields are carried through.");
        var output = CommonOptions.Output("Where to write the JSON lines");

        var command = new Command("encode", "Encode texts into SPLADE sparse vectors: each input line comes out with \"indices\" and \"values\" added.");
        model.AddTo(command);
        queryMode.AddTo(command);
        foreach (var option in (Option[])[batchSize, topK, threshold, asQueries, text, input, output])
        {
            command.Options.Add(option);
        }

        Given.Rule(command, result =>
        {
            if (Given.Option(result, text) == Given.Option(result, input))
            {
                result.AddError("Give exactly one of --text TEXT and -i/--input FILE|-.");
            }

            if (!result.GetValue(asQueries) && queryMode.FirstGiven(result) is { } option)
            {
                result.AddError($"{option.Name} says how queries are encoded; add --query to encode the texts as queries.");
            }
        });

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            var baseOptions = new SpladeEncoderOptions
            {
                BatchSize = parseResult.GetValue(batchSize) ?? 32,
                TopK = parseResult.GetValue(topK),
                MinimumWeight = parseResult.GetValue(threshold),
            };
            using var encoder = model.Load(parseResult, queryMode.Apply(parseResult, baseOptions));
            var queries = parseResult.GetValue(asQueries);
            using var target = OutputTarget.Open(parseResult.GetValue(output));
            using (var writer = new RecordWriter(target.Stream))
            {
                if (parseResult.GetValue(text) is { } single)
                {
                    var vector = queries ? encoder.EncodeQuery(single, cancellationToken) : encoder.Encode(single, cancellationToken);
                    writer.Write("0", new JsonObject { ["text"] = single }, VectorFields, json => SparseVectorJsonConverter.WriteBody(json, vector));
                }
                else
                {
                    using var reader = JsonLinesReader.Open(parseResult.GetValue(input)!);
                    EncodeLines(encoder, queries, reader, writer, cancellationToken);
                }
            }

            target.Commit();
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static void EncodeLines(SpladeEncoder encoder, bool queries, JsonLinesReader reader, RecordWriter writer, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var clock = Stopwatch.StartNew();
        var encoded = 0;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("encoding", maxValue: Math.Max(1, reader.Length ?? 1));
                var batch = new List<(string Id, JsonObject Record)>(encoder.Options.BatchSize * 4);
                var texts = new List<string>(batch.Capacity);
                while (true)
                {
                    batch.Clear();
                    texts.Clear();
                    while (batch.Count < batch.Capacity && reader.TryReadObject(out var line))
                    {
                        batch.Add((line.GetString("id", required: true, numberAsText: true)!, line.Record));
                        texts.Add(line.GetString("text", required: true)!);
                    }

                    if (batch.Count == 0)
                    {
                        break;
                    }

                    var vectors = queries ? EncodeQueries(encoder, texts, cancellationToken) : encoder.EncodeBatch(texts, cancellationToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var vector = vectors[i];
                        writer.Write(batch[i].Id, batch[i].Record, VectorFields, json => SparseVectorJsonConverter.WriteBody(json, vector));
                    }

                    encoded += batch.Count;
                    task.Description = $"{encoded} texts, {encoded / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):F1} texts/s";
                    task.Value = reader.Length is null ? 0 : reader.BytesRead;
                }

                task.Value = task.MaxValue;
            });
    }

    private static SparseVector[] EncodeQueries(SpladeEncoder encoder, List<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new SparseVector[texts.Count];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = encoder.EncodeQuery(texts[i], cancellationToken);
        }

        return vectors;
    }
}
