using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Splade.Tests.Shared;
using Xunit.Abstractions;

namespace Splade.Server.Tests.Process;

/// <summary>The crash loop, in the manner of Qdrant's crasher: writers stream upserts and deletes (by ids and by filter) at
/// <c>splade serve</c>, the server is killed with SIGKILL at a random moment, restarted on the same folder, and every point is
/// checked: each acknowledged write is there, and each writer's one unanswered operation is there whole or not at all.</summary>
/// <remarks>CI runs 10 cycles; <c>tests/Splade.Server.Tests/crash-loop.sh N</c> runs N (the variable <c>SPLADE_CRASH_CYCLES</c>)
/// and writes the summary to the file named by <c>SPLADE_CRASH_REPORT</c>, and one line per cycle (restart time, folder sizes)
/// to the file named by <c>SPLADE_CRASH_PROGRESS</c>. A failed run keeps its data folder for inspection and names it.</remarks>
public sealed class CrashLoopTests(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 2;
    private readonly TempFolder _data = new("splade-crash-");
    private bool _passed;

    public void Dispose()
    {
        if (_passed)
        {
            _data.Dispose();
        }
        else
        {
            output.WriteLine($"The data folder is kept for inspection: {_data.Path}");
        }
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_in_a_loop_and_no_operation_is_half_applied()
    {
        var cycles = int.Parse(Environment.GetEnvironmentVariable("SPLADE_CRASH_CYCLES") ?? "10", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("SPLADE_CRASH_SEED") ?? "20261206", CultureInfo.InvariantCulture);
        var random = new Random(seed);
        var writers = Enumerable.Range(0, Writers).Select(w => new CrashWriter(w, new Random(seed + 1 + w))).ToArray();
        var summary = new CrashSummary();
        var clock = Stopwatch.StartNew();
        var progress = Environment.GetEnvironmentVariable("SPLADE_CRASH_PROGRESS");
        for (var cycle = 0; cycle <= cycles; cycle++)
        {
            var restart = Stopwatch.StartNew();
            ServerProcess started;
            try
            {
                started = await ServerProcess.StartAsync(_data.Path, null, "--no-demo");
            }
            catch (ServerStartException error)
            {
                Assert.Fail($"cycle {cycle}: {error.Message}\nData folder (kept): {_data.Path}\n{DescribeFolder(_data.Path)}");
                throw;
            }

            await using var server = started;
            if (progress is { Length: > 0 })
            {
                await File.AppendAllTextAsync(progress, string.Create(CultureInfo.InvariantCulture,
                    $"cycle {cycle} at {clock.Elapsed.TotalSeconds:F0} s: started in {restart.Elapsed.TotalSeconds:F1} s; {DescribeFolder(_data.Path)}\n"));
            }

            using var client = server.CreateClient();
            if (cycle == 0)
            {
                await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/crash", """{"sparse_vectors": {"s": {}}}""");
            }
            else
            {
                // After a crash: the server must hold, for each writer, its acknowledged state or that state with the unanswered
                // operation applied whole.
                var stored = await ServerCalls.ReadAllAsync(client, "crash", withVector: true);
                foreach (var writer in writers)
                {
                    var outcome = await writer.VerifyAsync(client, stored);
                    summary.Count(outcome);
                }
            }

            if (cycle == cycles)
            {
                Assert.Equal(0, await server.TerminateAsync());
                break;
            }

            using var stop = new CancellationTokenSource();
            var streams = writers.Select(writer => Task.Run(() => writer.StreamAsync(client, stop.Token))).ToArray();
            await Task.Delay(random.Next(200, 1500));
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(streams);
            summary.Cycles++;
        }

        summary.AcknowledgedOperations = writers.Sum(w => w.Acknowledged);
        summary.Seconds = clock.Elapsed.TotalSeconds;
        var report = summary.ToJson(seed);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SPLADE_CRASH_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report + "\n");
        }

        Assert.Equal(cycles, summary.Cycles);
        Assert.True(summary.AcknowledgedOperations >= cycles, $"only {summary.AcknowledgedOperations} operations acknowledged in {cycles} cycles");
        _passed = true;
    }

    /// <summary>The collection's files by folder (count and bytes), to see what a restart had to read.</summary>
    private static string DescribeFolder(string data)
    {
        var collection = Path.Combine(data, "collections", "crash");
        if (!Directory.Exists(collection))
        {
            return "no collection folder";
        }

        var parts = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(collection, "*", SearchOption.AllDirectories).Prepend(collection).Order(StringComparer.Ordinal))
        {
            var files = new DirectoryInfo(folder).GetFiles();
            if (files.Length > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetRelativePath(collection, folder)}: {files.Length} files, {files.Sum(f => f.Length) / 1024.0:F0} KiB"));
            }
        }

        return string.Join("; ", parts);
    }
}
