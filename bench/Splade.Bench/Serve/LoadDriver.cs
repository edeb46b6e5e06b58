using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Retrieval.Evaluation;

namespace Splade.Bench.Serve;

/// <summary>Runs concurrent clients for a bounded time, each sending operations of the kinds of a schedule in turn, and reports
/// per kind: operations, errors, operations per second, p50 and p99 latency.</summary>
internal static class LoadDriver
{
    /// <summary>Runs <paramref name="clients"/> clients for <paramref name="duration"/>. Client c sends, one after another,
    /// <c>schedule[(c + n) % schedule.Length]</c> for its n-th operation; an operation that throws counts as an error of its kind.</summary>
    public static JsonObject Run(string[] schedule, int clients, TimeSpan duration, Func<string, long, ValueTask> operation)
    {
        var latencies = new List<double>[clients];
        var kinds = new List<string>[clients];
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstErrors = new List<string>();
        var sequence = 0L;
        var clock = Stopwatch.StartNew();
        var tasks = new Task[clients];
        for (var c = 0; c < clients; c++)
        {
            var client = c;
            latencies[client] = [];
            kinds[client] = [];
            tasks[client] = Task.Run(async () =>
            {
                for (var n = 0; clock.Elapsed < duration; n++)
                {
                    var kind = schedule[(client + n) % schedule.Length];
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await operation(kind, Interlocked.Increment(ref sequence)).ConfigureAwait(false);
                        latencies[client].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        kinds[client].Add(kind);
                    }
                    catch (Exception error) when (error is not OutOfMemoryException)
                    {
                        lock (errors)
                        {
                            errors[kind] = errors.GetValueOrDefault(kind) + 1;
                            if (firstErrors.Count < 5)
                            {
                                firstErrors.Add($"{kind}: {error.Message}");
                            }
                        }
                    }
                }
            });
        }

        Task.WaitAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var report = new JsonObject { ["clients"] = clients, ["seconds"] = Math.Round(seconds, 2) };
        var total = 0;
        foreach (var kind in schedule.Distinct())
        {
            var measured = new List<double>();
            for (var c = 0; c < clients; c++)
            {
                for (var i = 0; i < kinds[c].Count; i++)
                {
                    if (kinds[c][i] == kind)
                    {
                        measured.Add(latencies[c][i]);
                    }
                }
            }

            var sorted = measured.ToArray();
            Array.Sort(sorted);
            total += sorted.Length;
            report[kind] = new JsonObject
            {
                ["operations"] = sorted.Length,
                ["errors"] = errors.GetValueOrDefault(kind),
                ["per_second"] = Math.Round(sorted.Length / seconds, 1),
                ["p50_ms"] = Math.Round(Percentile.OfSorted(sorted, 0.50), 3),
                ["p99_ms"] = Math.Round(Percentile.OfSorted(sorted, 0.99), 3),
            };
        }

        report["operations_per_second"] = Math.Round(total / seconds, 1);
        report["errors"] = errors.Values.Sum();
        if (firstErrors.Count > 0)
        {
            report["first_errors"] = new JsonArray([.. firstErrors.Select(e => (JsonNode)e)]);
        }

        return report;
    }
}
