using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Splade.Cli.Input;
using Splade.Encoding;

namespace Splade.Cli.Commands;

/// <summary><c>splade encode</c>: texts to SPLADE vectors, one JSON line each.</summary>
internal static class EncodeCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per model batch.", DefaultValueFactory = _ => 32 };
        var topK = new Option<int?>("--top-k") { Description = "Keep only the k heaviest terms of each vector." };
        var threshold = new Option<float>("--threshold") { Description = "Drop terms that weigh less than this." };
        var text = new Option<string?>("--text") { Description = "Encode this one text (its id is \"0\")." };
        var input = new Option<string?>("--input", "-i") { Description = "JSON lines file of {\"id\": ..., \"text\": ...}, or - for standard input." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the vectors here instead of standard output (written whole or not at all)." };

        var command = new Command("encode", "Encode texts into SPLADE sparse vectors: one {\"id\", \"indices\", \"values\"} JSON line per text.");
        model.AddTo(command);
        foreach (var option in (Option[])[batchSize, topK, threshold, text, input, output])
        {
            command.Options.Add(option);
        }

        batchSize.Validators.Add(result => { if (result.GetValueOrDefault<int>() < 1) { result.AddError("--batch-size must be at least 1."); } });
        topK.Validators.Add(result => { if (result.GetValueOrDefault<int?>() < 0) { result.AddError("--top-k must not be negative."); } });
        threshold.Validators.Add(result => { if (!(result.GetValueOrDefault<float>() >= 0f)) { result.AddError("--threshold must be a number >= 0."); } });
        command.Validators.Add(result =>
        {
            if ((result.GetResult(text) is null) == (result.GetResult(input) is null))
            {
                result.AddError("Give exactly one of --text and --input.");
            }
        });

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            var options = new SpladeEncoderOptions
            {
                BatchSize = parseResult.GetValue(batchSize),
                TopK = parseResult.GetValue(topK),
                MinimumWeight = parseResult.GetValue(threshold),
            };
            using var encoder = model.Load(parseResult, options);
            var outputPath = parseResult.GetValue(output);
            using var atomic = outputPath is null ? null : new AtomicFile(outputPath);
            using (var writer = new VectorLineWriter(atomic?.Stream ?? Console.OpenStandardOutput()))
            {
                if (parseResult.GetValue(text) is { } single)
                {
                    writer.Write("0", encoder.Encode(single, cancellationToken));
                }
                else
                {
                    EncodeFile(encoder, parseResult.GetValue(input)!, writer, cancellationToken);
                }
            }

            atomic?.Commit();
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static void EncodeFile(SpladeEncoder encoder, string inputPath, VectorLineWriter writer, CancellationToken cancellationToken)
    {
        var fromStdin = inputPath == "-";
        if (!fromStdin && !File.Exists(inputPath))
        {
            throw new InputFileException($"The input file {inputPath} does not exist.");
        }

        using var stream = fromStdin ? Console.OpenStandardInput() : File.OpenRead(inputPath);
        using var reader = new StreamReader(stream);
        var records = new TextRecordReader(reader, fromStdin ? "standard input" : inputPath);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var clock = Stopwatch.StartNew();
        var encoded = 0;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("encoding", maxValue: fromStdin ? 1 : Math.Max(1, stream.Length));
                var batch = new List<TextRecord>(encoder.Options.BatchSize);
                var texts = new List<string>(encoder.Options.BatchSize);
                while (records.ReadBatch(batch, encoder.Options.BatchSize * 4))
                {
                    texts.Clear();
                    foreach (var record in batch)
                    {
                        texts.Add(record.Text);
                    }

                    var vectors = encoder.EncodeBatch(texts, cancellationToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        writer.Write(batch[i].Id, vectors[i]);
                    }

                    encoded += batch.Count;
                    task.Description = $"{encoded} texts, {encoded / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):F1} texts/s";
                    task.Value = fromStdin ? 0 : stream.Position;
                }

                task.Value = task.MaxValue;
            });
    }
}
