using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Splade.Core;
using Splade.Encoding;

namespace Splade.Bench.Encoder;

/// <summary>
/// Benchmark "encoder": documents per second (batch 32) and milliseconds per query (batch 1) of <see cref="SpladeEncoder"/>
/// with a BERT-base-shaped random masked LM, against a bare ONNX Runtime session and the PyTorch peer on the same weights and ids.
/// </summary>
internal static class EncoderBenchmark
{
    private const int BatchSize = 32;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var definitions = new BenchOptions.Definitions();
        var command = new Command(
            "encoder",
            "Documents per second (batch 32) and query latency (batch 1) of our SPLADE encoder on a random BERT-base-shaped model, " +
            "against a bare ONNX Runtime session and PyTorch on the same weights and ids.");
        foreach (var option in definitions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(definitions.Read(parse)));
        return command;
    }

    private static int Run(BenchOptions options)
    {
        var peer = new PyTorchPeer(options.Python, options.PeerScript, options.PeerBlas, options.PeerOmpWait);
        var onnx = Path.Combine(options.Model, "onnx", "model.onnx");
        if (!File.Exists(onnx))
        {
            Log($"exporting the random BERT-base masked LM to {options.Model}");
            peer.Export(options.Model, options.Tokenizer);
        }

        var corpus = BenchCorpus.Read(Path.Combine(options.Datasets, options.Collection), options.Documents, options.Queries);
        var equalTexts = BenchCorpus.Lengthen(corpus.Documents, options.EqualLength * 12);
        Log("peak memory of one encoder on 512-token documents, in a child process");
        var memory = EncoderMemoryBenchmark.RunInChild(options, options.Threads.Max());
        using var tokenizerSource = SpladeEncoder.Load(options.Model, new SpladeEncoderOptions { BatchSize = 1 });
        var tokenizer = tokenizerSource.Tokenizer;
        var documentIds = corpus.Documents.Select(text => tokenizer.Tokenize(text, 512).Ids.ToArray()).ToArray();
        var equalIds = equalTexts.Select(text => tokenizer.Tokenize(text, options.EqualLength).Ids.ToArray()).ToArray();
        var queryIds = corpus.Queries.Select(text => tokenizer.Tokenize(text, 512).Ids.ToArray()).ToArray();
        var runs = new List<object>();
        foreach (var threads in options.Threads)
        {
            using var bare = options.OursOnly ? null : new BareSession(onnx, threads);
            bare?.Encode(documentIds[..Math.Min(2, documentIds.Length)], BatchSize);
            Measured? mine = null;
            Measured? bareRun = null;
            PyTorchPeer.Result? torch = null;

            // Every round measures ours, the bare session and the peer in turn, so a change in machine load between rounds
            // cannot favour any of them; each keeps its best figures.
            for (var round = 1; round <= options.Rounds; round++)
            {
                Log($"round {round} of {options.Rounds}, {threads} thread(s): ours");
                mine = Best(mine, MeasureOurs(options, corpus, equalTexts, threads));
                if (bare is not null)
                {
                    Log($"round {round} of {options.Rounds}, {threads} thread(s): bare session");
                    bareRun = Best(bareRun, MeasureBare(bare, documentIds, equalIds, queryIds));
                }

                if (!options.OursOnly && !options.NoPeer)
                {
                    Log($"round {round} of {options.Rounds}, {threads} thread(s): PyTorch peer");
                    var next = peer.Time(documentIds, queryIds, threads, BatchSize);
                    torch = torch is null ? next : PyTorchPeer.Best(torch, next);
                }
            }

            runs.Add(RunReport(threads, mine!, bareRun, torch));
        }

        var report = new
        {
            benchmark = "encoder",
            model = options.Model,
            collection = options.Collection,
            documents = corpus.Documents.Length,
            document_tokens_mean = documentIds.Average(ids => ids.Length),
            document_tokens_max = documentIds.Max(ids => ids.Length),
            equal_length_tokens = options.EqualLength,
            queries = corpus.Queries.Length,
            query_tokens_mean = queryIds.Average(ids => ids.Length),
            batch_size = BatchSize,
            processors = Environment.ProcessorCount,
            memory_512_tokens_batch_32 = memory,
            peak_rss_mib_benchmark_process = PeakMemory.ResidentMiB(),
            rounds = options.Rounds,
            timing = "each round measures ours, the bare session and the PyTorch peer in turn; each keeps its best figures over the rounds",
            pytorch_peer = options.OursOnly || options.NoPeer ? null : peer.Describe(),
            runs,
            targets =
                "ours within 10% of bare on equal length, faster on varied length; >= 2.5x PyTorch docs/s; <= 0.15x PyTorch query latency; " +
                "memory_512_tokens_batch_32.peak_rss_mib < 1536 MiB",
        };
        Console.WriteLine(JsonSerializer.Serialize(report, Indented));
        return 0;
    }

    private static Measured MeasureOurs(BenchOptions options, BenchCorpus corpus, string[] equalTexts, int threads)
    {
        var settings = new SpladeEncoderOptions { BatchSize = BatchSize, IntraOpThreads = threads };
        SparseVector[] documents;
        SparseVector[] queries;
        double documentsPerSecond;
        double queryMs;
        using (var encoder = SpladeEncoder.Load(options.Model, settings))
        {
            encoder.EncodeBatch(corpus.Documents[..Math.Min(2, corpus.Documents.Length)]);
            var clock = Stopwatch.StartNew();
            documents = [.. encoder.EncodeBatch(corpus.Documents)];
            documentsPerSecond = corpus.Documents.Length / clock.Elapsed.TotalSeconds;

            encoder.Encode(corpus.Queries[0]);
            queries = new SparseVector[corpus.Queries.Length];
            clock.Restart();
            for (var i = 0; i < queries.Length; i++)
            {
                queries[i] = encoder.Encode(corpus.Queries[i]);
            }

            queryMs = 1000 * clock.Elapsed.TotalSeconds / queries.Length;
        }

        using var equalEncoder = SpladeEncoder.Load(options.Model, settings with { MaxLength = options.EqualLength });
        equalEncoder.Encode(equalTexts[0]);
        var equalClock = Stopwatch.StartNew();
        equalEncoder.EncodeBatch(equalTexts);
        var equalDocumentsPerSecond = equalTexts.Length / equalClock.Elapsed.TotalSeconds;
        return new Measured(documentsPerSecond, equalDocumentsPerSecond, queryMs, documents, queries);
    }

    private static Measured MeasureBare(BareSession bare, int[][] documentIds, int[][] equalIds, int[][] queryIds)
    {
        var (documents, seconds) = bare.Encode(documentIds, BatchSize);
        var (_, equalSeconds) = bare.Encode(equalIds, BatchSize);
        var (queries, querySeconds) = bare.Encode(queryIds, 1);
        return new Measured(documentIds.Length / seconds, equalIds.Length / equalSeconds, 1000 * querySeconds / queryIds.Length, documents, queries);
    }

    private static object RunReport(int threads, Measured mine, Measured? bare, PyTorchPeer.Result? torch) => new
    {
        threads,
        ours = new
        {
            documents_per_second = mine.DocumentsPerSecond,
            equal_length_documents_per_second = mine.EqualDocumentsPerSecond,
            query_ms = mine.QueryMs,
        },
        bare = bare is null
            ? null
            : new { documents_per_second = bare.DocumentsPerSecond, equal_length_documents_per_second = bare.EqualDocumentsPerSecond, query_ms = bare.QueryMs },
        ours_vs_bare_varied_length = mine.DocumentsPerSecond / bare?.DocumentsPerSecond,
        ours_vs_bare_equal_length = mine.EqualDocumentsPerSecond / bare?.EqualDocumentsPerSecond,
        ours_vs_bare_query_latency = mine.QueryMs / bare?.QueryMs,
        max_abs_diff_vs_bare_documents = bare is null ? (double?)null : VectorDifference.MaxAbsolute(mine.Documents, bare.Documents),
        max_abs_diff_vs_bare_queries = bare is null ? (double?)null : VectorDifference.MaxAbsolute(mine.Queries, bare.Queries),
        pytorch = torch is null
            ? null
            : new
            {
                torch = torch.Torch,
                blas = torch.Blas,
                matmul_gflops = torch.MatmulGflops,
                documents_per_second = torch.DocumentsPerSecond,
                query_ms = torch.QueryMs,
                ours_vs_pytorch_docs_per_second = mine.DocumentsPerSecond / torch.DocumentsPerSecond,
                ours_vs_pytorch_query_latency = mine.QueryMs / torch.QueryMs,
                max_abs_diff_documents = VectorDifference.MaxAbsolute(mine.Documents, torch.Documents),
                max_abs_diff_queries = VectorDifference.MaxAbsolute(mine.Queries, torch.Queries),
            },
    };

    /// <summary>The faster of two measurements of the same encoder, figure by figure.</summary>
    private static Measured Best(Measured? a, Measured b) => a is null ? b : new(
        Math.Max(a.DocumentsPerSecond, b.DocumentsPerSecond),
        Math.Max(a.EqualDocumentsPerSecond, b.EqualDocumentsPerSecond),
        Math.Min(a.QueryMs, b.QueryMs),
        a.Documents,
        a.Queries);

    private static void Log(string message) => Console.Error.WriteLine($"[encoder bench] {message}");

    private sealed record Measured(double DocumentsPerSecond, double EqualDocumentsPerSecond, double QueryMs, SparseVector[] Documents, SparseVector[] Queries);
}
