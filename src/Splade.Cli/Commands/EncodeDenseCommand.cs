using System.CommandLine;
using System.Text.Json.Nodes;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Encoding.Dense;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary><c>splade encode-dense</c>: dense sentence embeddings for a text or JSON lines, each line carried through with a
/// <c>"dense"</c> array added.</summary>
/// <remarks>
/// The model is <c>--dense-model</c>: an embedded model's name or a model folder. Texts are documents unless <c>--query</c> says they
/// are queries: a model with a query prefix (arctic-xs) embeds the two differently. Each input line is a JSON object with a string
/// <c>"text"</c> (and usually an <c>"id"</c>); the output line is the same object with <c>"dense"</c> added (replaced if present), so the
/// output of <c>splade encode</c> comes out with both vectors. A file output is written to a temporary name and moved into place, so a
/// bad line leaves no partial output.
/// </remarks>
internal static class EncodeDenseCommand
{
    private static readonly string[] DenseField = ["dense"];

    public static Command Create()
    {
        var model = new RenamedOption<string?>(DenseModelOption.Create(), "--model", "-m");
        var asQueries = new Option<bool>("--query")
        {
            Description = "The texts are queries: embed them with the model's query prefix (arctic-xs has one), not as documents.",
        };
        var pooling = EnumOption.CreateOptional<DensePooling>(
            "--pooling", "Overrides the model's pooling (a folder's 1_Pooling/config.json; required when it has none).");
        var text = new Option<string?>("--text") { Description = "One text to encode (its id is \"0\").", HelpName = "TEXT" };
        var input = CommonOptions.Input("JSON lines of {\"id\", \"text\", ...}; other fields are carried through.");
        var output = CommonOptions.Output("Where to write the JSON lines");
        var batchSize = CommonOptions.AtLeast("--batch-size", 1, "Texts per model run. Default: 32.");

        var command = new Command("encode-dense", "Encode text into dense embeddings: each input line comes out with a \"dense\" array added.");
        model.AddTo(command);
        foreach (var option in (Option[])[asQueries, pooling, text, input, output, batchSize])
        {
            command.Options.Add(option);
        }

        Given.Rule(command, result =>
        {
            if (Given.Option(result, text) == Given.Option(result, input))
            {
                result.AddError("Give exactly one of --text TEXT and -i/--input FILE|-.");
            }
        });

        command.SetAction(parseResult => CommandErrors.Run(() =>
        {
            var options = new DenseEncoderOptions { BatchSize = parseResult.GetValue(batchSize) ?? 32, Pooling = parseResult.GetValue(pooling) };
            using var encoder = DenseModelOption.Load(model.GetValue(parseResult), options);
            var queries = parseResult.GetValue(asQueries);
            using var target = OutputTarget.Open(parseResult.GetValue(output));
            using (var writer = new RecordWriter(target.Stream))
            {
                if (parseResult.GetValue(text) is { } single)
                {
                    var vector = queries ? encoder.EncodeQuery(single) : encoder.Encode([single])[0];
                    writer.Write("0", new JsonObject { ["text"] = single }, DenseField, json => WriteDense(json, vector));
                }
                else
                {
                    using var reader = JsonLinesReader.Open(parseResult.GetValue(input)!);
                    var batch = new List<(string? Id, JsonObject Record)>(options.BatchSize * 8);
                    var texts = new List<string>(batch.Capacity);
                    while (true)
                    {
                        batch.Clear();
                        texts.Clear();
                        while (batch.Count < batch.Capacity && reader.TryReadObject(out var line))
                        {
                            batch.Add((line.GetString("id", required: false, numberAsText: true), line.Record));
                            texts.Add(line.GetString("text", required: true)!);
                        }

                        if (batch.Count == 0)
                        {
                            break;
                        }

                        var vectors = queries ? encoder.EncodeQueries(texts) : encoder.Encode(texts);
                        for (var i = 0; i < batch.Count; i++)
                        {
                            var vector = vectors[i];
                            writer.Write(batch[i].Id, batch[i].Record, DenseField, json => WriteDense(json, vector));
                        }
                    }
                }
            }

            target.Commit();
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteDense(System.Text.Json.Utf8JsonWriter writer, float[] vector)
    {
        writer.WriteStartArray("dense");
        foreach (var value in vector)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }
}
