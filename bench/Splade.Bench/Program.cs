var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["dense"] = Splade.Bench.Dense.DenseBenchmark.RunAsync,
    ["index"] = Splade.Bench.Index.IndexBenchmark.RunAsync,
    ["bm25"] = Splade.Bench.Bm25.Bm25PeerBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Splade.Bench -- <benchmark> [options]\nbenchmarks: {string.Join(", ", benchmarks.Keys)}");
    return 1;
}

return await run(args[1..]).ConfigureAwait(false);
