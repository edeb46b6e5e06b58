using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Bench.Index;

/// <summary>The wall-clock and process CPU milliseconds of each query of one timed pass.</summary>
/// <remarks>CPU time is the whole process's (<see cref="Environment.CpuUsage"/>) over the query: what the search cost in work,
/// which time spent waiting for a core on a loaded machine does not inflate, as it does the wall clock. It counts every thread
/// of the process, so the search's own threads and any background work (the JIT, the GC) alike.</remarks>
internal sealed class QueryTimes(int count)
{
    private readonly double[] _wall = new double[count];
    private readonly double[] _cpu = new double[count];

    /// <summary>Runs <paramref name="query"/> as the <paramref name="i"/>-th query of the pass and records its times.</summary>
    public SearchResults Search(int i, SparseIndex index, SparseVector query, SearchOptions options)
    {
        var cpuStarted = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var results = index.Search(query, options);
        _wall[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        _cpu[i] = (Environment.CpuUsage.TotalTime - cpuStarted).TotalMilliseconds;
        return results;
    }

    /// <summary>The median wall-clock milliseconds (call once every query is timed).</summary>
    public double WallP50 => Percentile.OfSorted(Sorted(_wall), 0.5);

    /// <summary>The median CPU milliseconds (call once every query is timed).</summary>
    public double CpuP50 => Percentile.OfSorted(Sorted(_cpu), 0.5);

    /// <summary>Wall-clock p50 and p99, CPU p50 and mean, in milliseconds rounded to 3 decimals.</summary>
    public JsonObject ToJson() => new()
    {
        ["p50Ms"] = Round(WallP50),
        ["p99Ms"] = Round(Percentile.OfSorted(Sorted(_wall), 0.99)),
        ["cpuP50Ms"] = Round(CpuP50),
        ["cpuMeanMs"] = Round(_cpu.Average()),
    };

    private static double[] Sorted(double[] values)
    {
        Array.Sort(values);
        return values;
    }

    private static double Round(double value) => Math.Round(value, 3);
}
