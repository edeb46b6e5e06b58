var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["index"] = Splade.Bench.Index.IndexBenchmark.RunAsync,
    ["tokenizer"] = Splade.Bench.TokenizerBenchmark.RunAsync,
    ["encoder"] = Splade.Bench.Encoder.EncoderBenchmark.RunAsync,
    ["encoder-memory"] = Splade.Bench.Encoder.EncoderMemoryBenchmark.RunAsync,
    ["bm25"] = Splade.Bench.Bm25.Bm25PeerBenchmark.RunAsync,
    ["approx"] = Splade.Bench.Approximate.ApproxBenchmark.RunAsync,
    ["dense"] = Splade.Bench.Dense.DenseBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine(
        $"usage: dotnet run -c Release --project bench/Splade.Bench -- <benchmark> [options]\nbenchmarks: {string.Join(", ", benchmarks.Keys)}");
    return 1;
}

return await run(args[1..]).ConfigureAwait(false);
