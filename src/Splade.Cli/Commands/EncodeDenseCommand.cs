using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Encoding;
using Splade.Encoding.Dense;

namespace Splade.Cli.Commands;

/// <summary><c>splade encode-dense</c>: dense sentence embeddings for a text or a JSONL file, as JSONL with a <c>dense</c> array.</summary>
/// <remarks>
/// The model is <c>--dense-model</c> (alias <c>--model</c>, <c>-m</c>): an embedded model's name or a model folder. Texts are
/// documents unless <c>--query</c> says they are queries: a model with a query prefix (arctic-xs) embeds the two differently.
/// Each input line is a JSON object with a string <c>text</c>; the output line is the same object with <c>dense</c>
/// added (replaced if present). The whole input is read and checked before anything is encoded, and a file output is
/// written to a temporary name and moved into place, so a bad line leaves no partial output.
/// </remarks>
internal static class EncodeDenseCommand
{
    public static Command Create()
    {
        var model = DenseModelOption.Create("", "--model", "-m");
        var asQueries = new Option<bool>("--query")
        {
            Description = "The texts are queries: embed them with the model's query prefix (arctic-xs has one), not as documents.",
        };
        var pooling = new Option<string?>("--pooling")
        {
            Description = "mean or cls; overrides the model's pooling (a folder's 1_Pooling/config.json, required when it has none).",
        };
        var text = new Option<string?>("--text") { Description = "One text to encode." };
        var input = new Option<string?>("--input") { Description = "JSONL file of objects with a \"text\" field, or - for stdin." };
        var output = new Option<string?>("--output") { Description = "Write JSONL here instead of stdout." };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per model run.", DefaultValueFactory = _ => 32 };

        var command = new Command("encode-dense", "Encode text into dense embeddings (JSONL in, JSONL with \"dense\" arrays out).");
        foreach (var option in (Option[])[model, asQueries, pooling, text, input, output, batchSize])
        {
            command.Options.Add(option);
        }

        pooling.AcceptOnlyFromAmong("mean", "cls");
        batchSize.Validators.Add(result => { if (result.GetValueOrDefault<int>() < 1) { result.AddError("--batch-size must be at least 1."); } });
        command.Validators.Add(result =>
        {
            if ((result.GetResult(text) is null) == (result.GetResult(input) is null))
            {
                result.AddError("Give exactly one of --text TEXT and --input FILE|-.");
            }
        });

        command.SetAction(parseResult => CommandErrors.Run(() =>
        {
            var records = parseResult.GetValue(text) is { } single
                ? [new JsonObject { ["text"] = single }]
                : ReadRecords(parseResult.GetValue(input)!);
            var options = new DenseEncoderOptions
            {
                BatchSize = parseResult.GetValue(batchSize),
                Pooling = parseResult.GetValue(pooling) switch { "mean" => DensePooling.Mean, "cls" => DensePooling.Cls, _ => null },
            };
            using var encoder = DenseModelOption.Load(parseResult.GetValue(model), options);
            var texts = new string[records.Count];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = records[i]["text"]!.GetValue<string>();
            }

            var vectors = parseResult.GetValue(asQueries) ? encoder.EncodeQueries(texts) : encoder.Encode(texts);
            for (var i = 0; i < records.Count; i++)
            {
                records[i]["dense"] = new JsonArray([.. vectors[i].Select(v => JsonValue.Create(v))]);
            }

            Write(records, parseResult.GetValue(output));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static List<JsonObject> ReadRecords(string input)
    {
        var name = input == "-" ? "stdin" : input;
        using var reader = input == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(input);
        var records = new List<JsonObject>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException error)
            {
                throw new FormatException($"{name} line {lineNumber}: not valid JSON (position {error.BytePositionInLine + 1}): {error.Message}", error);
            }

            if (node is not JsonObject record)
            {
                throw new FormatException($"{name} line {lineNumber}: expected a JSON object, found {node?.GetValueKind().ToString() ?? "null"}.");
            }

            if (record["text"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                throw new FormatException($"{name} line {lineNumber}: field \"text\" is missing or not a string.");
            }

            records.Add(record);
        }

        return records;
    }

    private static void Write(List<JsonObject> records, string? output)
    {
        if (output is null)
        {
            foreach (var record in records)
            {
                Console.Out.WriteLine(record.ToJsonString());
            }

            return;
        }

        var temporary = output + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            foreach (var record in records)
            {
                writer.WriteLine(record.ToJsonString());
            }
        }

        File.Move(temporary, output, overwrite: true);
    }
}
