using System.CommandLine;
using Splade.Bench;
using Splade.Bench.Approximate;
using Splade.Bench.Bm25;
using Splade.Bench.Cluster;
using Splade.Bench.Dense;
using Splade.Bench.Encoder;
using Splade.Bench.Index;
using Splade.Bench.Quantize;
using Splade.Bench.Serve;

var root = new RootCommand(
    "Splade.NET benchmarks: each entry measures our code and its peer in the same run on the same data and prints JSON with both " +
    "figures and their ratio. Run with -c Release.")
{
    IndexBenchmark.Create(),
    TokenizerBenchmark.Create(),
    EncoderBenchmark.Create(),
    EncoderMemoryBenchmark.Create(),
    Bm25PeerBenchmark.Create(),
    ApproxBenchmark.Create(),
    DenseBenchmark.Create(),
    ServeBenchmark.Create(),
    ClusterBenchmark.Create(),
    ClusterCopyBenchmark.Create(),
    ClusterSiloCommand.Create(),
    QuantizeBenchmark.Create(),
    GraphPoolingBenchmark.Create(),
    GraphPoolingRun.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
