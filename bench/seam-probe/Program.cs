// The seam probe: see run.sh beside it. Built against one checkout's Splade.Index with -p:Tree=CHECKOUT.
// Opens an index read-only, reports open time and resident memory, then times queries (first one cold, then rounds).
using System.Diagnostics;
using System.Text.Json;
using Splade.Core;
using Splade.Index;

var dir = args[0];
var queryFile = args[1];
var algorithm = Enum.Parse<SearchAlgorithm>(args[2]);
var count = int.Parse(args[3]);
var queries = new List<SparseVector>();
foreach (var line in File.ReadLines(queryFile))
{
    if (queries.Count == count) break;
    using var doc = JsonDocument.Parse(line);
    var root = doc.RootElement.TryGetProperty("vector", out var v) ? v : doc.RootElement;
    var idx = root.GetProperty("indices").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
    var val = root.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
    queries.Add(new SparseVector(idx, val));
}
static (long rss, long anon) Rss()
{
    long rss = 0, anon = 0;
    foreach (var l in File.ReadLines("/proc/self/status"))
    {
        if (l.StartsWith("VmRSS:")) rss = long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        if (l.StartsWith("RssAnon:")) anon = long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
    return (rss, anon);
}
GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
var before = Rss();
var clock = Stopwatch.StartNew();
using var index = SparseIndex.OpenReadOnly(dir);
var openMs = clock.Elapsed.TotalMilliseconds;
GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
var afterOpen = Rss();
var options = new SearchOptions { K = 10, Algorithm = algorithm };
clock.Restart();
index.Search(queries[0], options);
var firstMs = clock.Elapsed.TotalMilliseconds;
var best = new double[queries.Count];
Array.Fill(best, double.MaxValue);
for (var round = 0; round < 3; round++)
{
    for (var q = 0; q < queries.Count; q++)
    {
        var t = Stopwatch.GetTimestamp();
        index.Search(queries[q], options);
        best[q] = Math.Min(best[q], Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }
}
GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
var afterQueries = Rss();
Array.Sort(best);
Console.WriteLine(JsonSerializer.Serialize(new
{
    index = dir, algorithm = algorithm.ToString(), queries = queries.Count,
    open_ms = Math.Round(openMs, 1), first_query_ms = Math.Round(firstMs, 2),
    p50_ms = Math.Round(best[best.Length / 2], 3), p99_ms = Math.Round(best[(int)Math.Ceiling(best.Length * 0.99) - 1], 3),
    rss_mib_before_open = before.rss / 1024, rss_mib_after_open = afterOpen.rss / 1024, rss_anon_mib_after_open = afterOpen.anon / 1024,
    rss_mib_after_queries = afterQueries.rss / 1024, rss_anon_mib_after_queries = afterQueries.anon / 1024,
}));
