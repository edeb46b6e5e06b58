using System.Diagnostics;
using Splade.Retrieval.Evaluation;

namespace Splade.Bench.Approximate;

/// <summary>Latency percentiles on one thread and throughput on several, for any per-query action.</summary>
internal static class LatencyProbe
{
    public sealed record Latency(double P50Ms, double P99Ms, double MeanMs);

    /// <summary>Runs the first 50 queries once to warm up, then every query once, timing each call on the calling thread.</summary>
    public static Latency Measure(int queryCount, Action<int> search)
    {
        for (var q = 0; q < Math.Min(queryCount, 50); q++)
        {
            search(q);
        }

        var times = new double[queryCount];
        for (var q = 0; q < queryCount; q++)
        {
            var started = Stopwatch.GetTimestamp();
            search(q);
            times[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return new Latency(Percentile.OfSorted(times, 0.50), Percentile.OfSorted(times, 0.99), times.Average());
    }

    /// <summary>Queries per second with <paramref name="threads"/> threads sharing the query list, repeated until about a second has passed.</summary>
    public static double Throughput(int queryCount, int threads, Action<int> search)
    {
        var started = Stopwatch.GetTimestamp();
        long done = 0;
        do
        {
            Parallel.For(0, queryCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, search);
            done += queryCount;
        }
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < 1.0);

        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
