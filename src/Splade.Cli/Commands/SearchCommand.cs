using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Splade.Core;
using Splade.Encoding;
using Splade.Index;
using Splade.Index.Filters;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade search</c>: one query (<c>--vector-json</c> or <c>--text</c>) printed as JSON, or a batch (<c>--queries</c>) written as JSON lines with latency
/// figures on stderr.
/// </summary>
internal static class SearchCommand
{
    private static readonly JsonSerializerOptions VectorJsonOptions = new() { Converters = { SparseVectorJsonConverter.Instance } };

    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "The index folder.", Required = true };
        var vectorJson = new Option<string?>("--vector-json") { Description = "The query as {\"indices\":[...],\"values\":[...]}." };
        var text = new Option<string?>("--text") { Description = "The query as text, encoded with --model (default: the shipped SPLADE model)." };
        var model = new Option<string?>("--model")
        {
            Description = "A SPLADE model folder that encodes --text queries and {\"id\",\"text\"} query lines (default: the shipped splade-minilm-l6).",
        };
        var queries = new Option<string?>("--queries")
        {
            Description =
                "A JSON-lines file of queries {\"id\",\"indices\",\"values\"} (or {\"id\",\"text\"}, encoded with --model) for batch " +
                "mode; latency covers search only.",
        };
        var output = new Option<string?>("--output") { Description = "Batch mode: where to write one result line per query." };
        var k = new Option<int>("--k") { Description = "The number of hits per query (1 to 10000).", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Batch mode: queries searched in parallel.", DefaultValueFactory = _ => 1 };
        var filter = new Option<string?>("--filter") { Description = "A metadata filter as JSON, e.g. {\"field\":\"lang\",\"eq\":\"en\"}." };
        var algorithm = new Option<SearchAlgorithm>("--algorithm")
        {
            Description = "Auto (approximate when the index has approximate indexes, else exact), TermAtATime, MaxScore, BruteForce or Approximate.",
            DefaultValueFactory = _ => SearchAlgorithm.Auto,
        };
        var hybrid = new Option<string?>("--hybrid")
        {
            Description =
                "Hybrid sparse-dense search of a --text query: rrf, convex (min-max normalised) or alpha (Pinecone's scaling); " +
                "needs documents with dense vectors.",
        };
        hybrid.AcceptOnlyFromAmong(HybridSearch.Methods);
        var alpha = new Option<double>("--alpha")
        {
            Description = "With --hybrid convex or alpha: the dense side's weight, 0..1.",
            DefaultValueFactory = _ => 0.5,
        };
        var denseModel = DenseModelOption.Create("With --hybrid: ");
        var exact = new Option<bool>("--exact")
        {
            Description = "Force exact search on an approximate index (term-at-a-time unless --algorithm names another exact one).",
        };
        var command = new Command("search", "Search an index with a sparse query vector or a batch of them.")
        {
            index, vectorJson, text, model, queries, output, k, threads, filter, algorithm, exact, hybrid, alpha, denseModel,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var chosen = parse.GetValue(algorithm);
            if (parse.GetValue(exact))
            {
                if (chosen == SearchAlgorithm.Approximate)
                {
                    Console.Error.WriteLine("error: --exact contradicts --algorithm Approximate.");
                    return ExitCodes.UsageError;
                }

                chosen = chosen == SearchAlgorithm.Auto ? SearchAlgorithm.TermAtATime : chosen;
            }

            var options = new SearchOptions
            {
                K = parse.GetValue(k),
                Algorithm = chosen,
                Filter = parse.GetValue(filter) is { } json ? MetadataFilter.Parse(json) : null,
            };
            var given = new[] { parse.GetValue(vectorJson), parse.GetValue(text), parse.GetValue(queries) }.Count(v => v is not null);
            if (given != 1)
            {
                Console.Error.WriteLine("error: give exactly one of --vector-json, --text or --queries.");
                return ExitCodes.UsageError;
            }

            // Loaded only when a text query needs it: vector queries never pay for the model.
            var modelFolder = parse.GetValue(model);
            var spladeEncoder = new Lazy<SpladeEncoder>(() => SpladeEncoder.Load(ModelSource.Resolve(modelFolder)));
            using var release = new EncoderRelease(spladeEncoder);
            TextQueryEncoder encoder = queryText => spladeEncoder.Value.EncodeQuery(queryText);

            var folder = parse.GetValue(index)!;
            IndexFolder.RequireExisting(folder);
            using var opened = SparseIndex.Open(folder);
            if (parse.GetValue(queries) is { } queryFile)
            {
                var outputPath = parse.GetValue(output);
                if (outputPath is null)
                {
                    Console.Error.WriteLine("error: batch mode (--queries) needs --output.");
                    return ExitCodes.UsageError;
                }

                return RunBatch(opened, QueryFile.Read(queryFile, encoder), outputPath, options, Math.Max(1, parse.GetValue(threads)));
            }

            if (parse.GetValue(hybrid) is null && parse.GetResult(denseModel) is not null)
            {
                Console.Error.WriteLine("error: --dense-model embeds the query of --hybrid search; give --hybrid too, or leave --dense-model out.");
                return ExitCodes.UsageError;
            }

            if (parse.GetValue(hybrid) is { } fusion)
            {
                if (parse.GetValue(text) is not { } hybridText)
                {
                    Console.Error.WriteLine("error: --hybrid searches a --text query.");
                    return ExitCodes.UsageError;
                }

                return HybridSearch.Run(opened, spladeEncoder.Value, parse.GetValue(denseModel), hybridText, fusion, parse.GetValue(alpha), options.K);
            }

            var query = parse.GetValue(vectorJson) is { } vector ? ParseVector(vector) : encoder(parse.GetValue(text)!);
            var results = opened.Search(query, options);
            using var stdout = Console.OpenStandardOutput();
            using var writer = new Utf8JsonWriter(stdout);
            writer.WriteStartObject();
            writer.WriteString("algorithm", results.Algorithm.ToString());
            writer.WriteNumber("elapsedMs", Math.Round(results.Elapsed.TotalMilliseconds, 3));
            WriteHits(writer, "results", results.Hits, withMetadata: true);
            writer.WriteEndObject();
            writer.Flush();
            stdout.WriteByte((byte)'\n');
            return ExitCodes.Success;
        }));
        return command;
    }

    private static SparseVector ParseVector(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SparseVector>(json, VectorJsonOptions) ?? throw new FormatException("--vector-json: the query is JSON null.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"--vector-json: {error.Message}", error);
        }
    }

    private static int RunBatch(SparseIndex index, List<(string Id, SparseVector Vector)> queries, string outputPath, SearchOptions options, int threads)
    {
        var results = new SearchResults[queries.Count];
        var latencies = new double[queries.Count];
        var watch = Stopwatch.StartNew();
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var started = Stopwatch.GetTimestamp();
            results[i] = index.Search(queries[i].Vector, options);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        var seconds = watch.Elapsed.TotalSeconds;
        using (var stream = File.Create(outputPath))
        {
            for (var i = 0; i < queries.Count; i++)
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", queries[i].Id);
                    WriteHits(writer, "results", results[i].Hits, withMetadata: false);
                    writer.WriteEndObject();
                }

                stream.WriteByte((byte)'\n');
            }
        }

        Array.Sort(latencies);
        Console.Error.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["queries"] = queries.Count,
            ["threads"] = threads,
            ["p50Ms"] = Math.Round(Percentile(latencies, 0.50), 3),
            ["p99Ms"] = Math.Round(Percentile(latencies, 0.99), 3),
            ["queriesPerSecond"] = Math.Round(queries.Count / Math.Max(seconds, 1e-9), 1),
        }));
        return ExitCodes.Success;
    }

    private static double Percentile(double[] sorted, double fraction)
        => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static void WriteHits(Utf8JsonWriter writer, string name, IReadOnlyList<SearchHit> hits, bool withMetadata)
    {
        writer.WriteStartArray(name);
        foreach (var hit in hits)
        {
            writer.WriteStartObject();
            writer.WriteString("id", hit.Id);
            writer.WriteNumber("score", hit.Score);
            if (withMetadata && hit.Metadata is not null)
            {
                writer.WritePropertyName("metadata");
                hit.Metadata.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Disposes the lazily loaded encoder if a text query loaded it.</summary>
    private sealed class EncoderRelease(Lazy<SpladeEncoder> encoder) : IDisposable
    {
        public void Dispose()
        {
            if (encoder.IsValueCreated)
            {
                encoder.Value.Dispose();
            }
        }
    }
}
