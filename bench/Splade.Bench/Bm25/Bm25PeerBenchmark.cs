using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Bench.CommandLine;
using Splade.Retrieval;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Lexical;

namespace Splade.Bench.Bm25;

/// <summary>Benchmark "bm25": our BM25 on the sparse index against Lucene.Net 4.8's BM25 on every collection.</summary>
/// <remarks>
/// Both run through the same evaluator over the same documents and queries, with the same k1, b and depth. Each side
/// is evaluated <c>--repeat</c> times on a fresh index, the two sides alternating (the first run also warms the JIT); the
/// best index time and the best median query time are reported. Ratios are Lucene's time over ours: above 1 means we are faster.
/// </remarks>
internal static class Bm25PeerBenchmark
{
    public static Command Create()
    {
        var datasets = BenchOption.ExistingFolder("--datasets", BenchPaths.Datasets, "The folder of BEIR collections; each is evaluated.");
        var k1 = BenchOption.Number("--k1", 0.9, "BM25 k1, on both sides.", 0, 1000);
        var b = BenchOption.Number("--b", 0.4, "BM25 b, on both sides.", 0, 1);
        var repeat = BenchOption.Int("--repeat", 3, "Evaluations of each side on a fresh index, alternating; the best times are kept.");
        var only = BenchOption.OptionalText("--only", "Evaluate this one collection (a folder name under --datasets).");
        var command = new Command("bm25", "Our BM25 on the sparse index against Lucene.Net 4.8's BM25: nDCG@10, indexing and search time.")
        {
            datasets, k1, b, repeat, only,
        };
        command.SetAction(
            parse => Run(parse.GetValue(datasets)!, (float)parse.GetValue(k1), (float)parse.GetValue(b), parse.GetValue(repeat), parse.GetValue(only)));
        return command;
    }

    private static int Run(string datasets, float k1, float b, int repeat, string? only)
    {
        if (only is not null && !File.Exists(Path.Combine(datasets, only, "corpus.jsonl")))
        {
            Console.Error.WriteLine($"--only: no collection '{only}' (a folder with corpus.jsonl) under {datasets}.");
            return 1;
        }

        var results = new JsonArray();
        foreach (var folder in Directory.GetDirectories(datasets).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(folder, "corpus.jsonl")) || (only is not null && Path.GetFileName(folder) != only))
            {
                continue;
            }

            var dataset = BeirDataset.Load(folder);
            var ours = Evaluate(new LexicalRetriever(new LexicalOptions { K1 = k1, B = b }), dataset);
            var lucene = Evaluate(new LuceneBm25Method(k1, b), dataset);
            // Alternating the two sides spreads any change in machine load over both; each keeps its best time.
            for (var round = 1; round < repeat; round++)
            {
                ours = Faster(ours, Evaluate(new LexicalRetriever(new LexicalOptions { K1 = k1, B = b }), dataset));
                lucene = Faster(lucene, Evaluate(new LuceneBm25Method(k1, b), dataset));
            }

            var oursLuceneNorms = Evaluate(new LexicalRetriever(new LexicalOptions { K1 = k1, B = b, LuceneLengthNorms = true }), dataset);
            var entry = new JsonObject
            {
                ["dataset"] = dataset.Name,
                ["documents"] = dataset.Corpus.Count,
                ["queries"] = ours.Metrics.PerQuery.Count,
                ["k1"] = k1,
                ["b"] = b,
                ["splade_net"] = Summary(ours),
                ["splade_net_lucene_norms_ndcg@10"] = Math.Round(oursLuceneNorms.Metrics.Mean.NdcgAt10, 4),
                ["lucene_net"] = Summary(lucene),
                ["ndcg@10_difference"] = Math.Round(ours.Metrics.Mean.NdcgAt10 - lucene.Metrics.Mean.NdcgAt10, 4),
                ["index_speed_ratio"] = Math.Round(lucene.IndexSeconds / ours.IndexSeconds, 2),
                ["search_speed_ratio_p50"] = Math.Round(lucene.SearchMillisecondsP50 / ours.SearchMillisecondsP50, 2),
            };
            results.Add(entry);
            Console.Error.WriteLine(entry.ToJsonString());
        }

        Console.Out.WriteLine(results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static EvaluationReport Evaluate(IRetrievalMethod method, BeirDataset dataset)
    {
        using (method)
        {
            return RetrievalEvaluator.Evaluate(method, dataset);
        }
    }

    private static EvaluationReport Faster(EvaluationReport best, EvaluationReport report) => best with
    {
        IndexSeconds = Math.Min(best.IndexSeconds, report.IndexSeconds),
        SearchMillisecondsP50 = Math.Min(best.SearchMillisecondsP50, report.SearchMillisecondsP50),
        SearchMillisecondsP95 = Math.Min(best.SearchMillisecondsP95, report.SearchMillisecondsP95),
    };

    private static JsonObject Summary(EvaluationReport report) => new()
    {
        ["ndcg@10"] = Math.Round(report.Metrics.Mean.NdcgAt10, 4),
        ["recall@100"] = Math.Round(report.Metrics.Mean.RecallAt100, 4),
        ["mrr@10"] = Math.Round(report.Metrics.Mean.MrrAt10, 4),
        ["index_seconds"] = Math.Round(report.IndexSeconds, 3),
        ["search_ms_p50"] = Math.Round(report.SearchMillisecondsP50, 4),
        ["search_ms_p95"] = Math.Round(report.SearchMillisecondsP95, 4),
    };
}
