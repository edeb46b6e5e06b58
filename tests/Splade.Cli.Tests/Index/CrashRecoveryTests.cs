using System.Diagnostics;
using System.Text;
using Splade.Core;
using Splade.Index;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Index;

/// <summary>
/// Kills <c>splade index add</c> with SIGKILL mid-run and checks that every acknowledged write survives, and no load is
/// half-applied.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int PerRound = 12_000;
    private const int KillsWanted = 3;
    private const int MaxRounds = 16;

    private readonly TempFolder _folder = new("splade-cli-crash-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Acknowledged_loads_survive_kill_9_and_interrupted_loads_are_all_or_nothing()
    {
        var index = _folder.Combine("index");
        var random = new Random(7);
        var acknowledged = new List<string>();
        var killed = new List<List<string>>();
        // The kill moments follow this machine's speed rather than fixed times: the first round builds the index and is never
        // killed, and its duration is the yardstick. Later rounds are killed at a random 40% to 90% of the fastest complete run
        // so far, so most die mid-run on a fast machine or a slow one; a round that still finishes first is acknowledged and
        // shortens the yardstick. Rounds go on until enough processes were killed (or the round limit is reached).
        var fastest = TimeSpan.MaxValue;
        for (var round = 0; round < MaxRounds && killed.Count < KillsWanted; round++)
        {
            var input = _folder.Combine($"round{round}.jsonl");
            var ids = WriteRound(input, round, PerRound);
            var started = Stopwatch.StartNew();
            using var process = round == 0
                ? SpladeProcess.Start("index", "build", "--input", input, "--out", index)
                : SpladeProcess.Start("index", "add", index, "--input", input);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            var killAfter = round == 0 ? TimeSpan.FromMinutes(5) : fastest * (0.4 + (0.5 * random.NextDouble()));
            if (process.WaitForExit(killAfter))
            {
                var elapsed = started.Elapsed;
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, await error);
                acknowledged.AddRange(ids);
                fastest = elapsed < fastest ? elapsed : fastest;
            }
            else
            {
                Assert.True(round > 0, "splade index build did not finish within five minutes");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                killed.Add(ids);
            }
        }

        Assert.True(killed.Count >= KillsWanted, $"only {killed.Count} of {MaxRounds} runs were killed before they finished");
        using var reopened = SparseIndex.Open(index);
        foreach (var id in acknowledged)
        {
            Assert.NotNull(reopened.Get(id));
        }

        foreach (var ids in killed)
        {
            // A load is one commit: a killed process left all of its documents or none.
            var count = ids.Count(id => reopened.Get(id) is not null);
            Assert.Contains(count, new[] { 0, PerRound });
        }

        Assert.Equal(acknowledged.Count + killed.Sum(ids => ids.Count(id => reopened.Get(id) is not null)), reopened.Count);
        Assert.DoesNotContain(Directory.GetFiles(index), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var hit = reopened.Search(new SparseVector([1], [1f]), new SearchOptions { K = 1 });
        Assert.Single(hit.Hits);
    }

    private static List<string> WriteRound(string path, int round, int count)
    {
        var ids = new List<string>(count);
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var id = $"r{round}-{i}";
            ids.Add(id);
            builder.Append("{\"id\":\"")
                .Append(id)
                .Append("\",\"indices\":[1,")
                .Append(2 + (i % 500))
                .Append("],\"values\":[0.5,")
                .Append(1 + (i % 7))
                .Append("]}\n");
        }

        File.WriteAllText(path, builder.ToString());
        return ids;
    }
}
