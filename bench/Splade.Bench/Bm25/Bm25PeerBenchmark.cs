using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    public static Task<int> RunAsync(string[] args)
    {
        var datasets = Option(args, "--datasets") ?? "/work/shared/datasets";
        var k1 = float.Parse(Option(args, "--k1") ?? "0.9", CultureInfo.InvariantCulture);
        var b = float.Parse(Option(args, "--b") ?? "0.4", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var only = Option(args, "--only");
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
        return Task.FromResult(0);
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

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
