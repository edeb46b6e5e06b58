using System.Text;
using Splade.Core;
using Splade.Index;

namespace Splade.Cli.Tests.Index;

/// <summary>Kills <c>splade index add</c> with SIGKILL at random moments and checks that every acknowledged write survives, and no load is half-applied.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "splade-cli-crash", Guid.NewGuid().ToString("N"));

    public CrashRecoveryTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Acknowledged_loads_survive_kill_9_and_interrupted_loads_are_all_or_nothing()
    {
        var index = Path.Combine(_folder, "index");
        var random = new Random(7);
        var acknowledged = new List<string>();
        var uncertain = new List<List<string>>();
        const int PerRound = 12_000;
        for (var round = 0; round < 6; round++)
        {
            var input = Path.Combine(_folder, $"round{round}.jsonl");
            var ids = WriteRound(input, round, PerRound);
            using var process = round == 0
                ? SpladeProcess.Start("index", "build", "--input", input, "--out", index)
                : SpladeProcess.Start("index", "add", index, "--input", input);
            // The first round builds the index and is never killed; later rounds are killed at a random moment (or finish first).
            var killAfter = round == 0 ? Timeout.Infinite : random.Next(300, 2500);
            var exited = process.WaitForExit(killAfter);
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                uncertain.Add(ids);
            }
            else
            {
                Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
                acknowledged.AddRange(ids);
            }
        }

        Assert.NotEmpty(uncertain); // the kill times are chosen so that some processes die mid-run
        using var reopened = SparseIndex.Open(index);
        foreach (var id in acknowledged)
        {
            Assert.NotNull(reopened.Get(id));
        }

        foreach (var ids in uncertain)
        {
            // A load is one commit: a killed process left all of its documents or none.
            var count = ids.Count(id => reopened.Get(id) is not null);
            Assert.Contains(count, new[] { 0, PerRound });
        }

        Assert.Equal(acknowledged.Count + uncertain.Sum(ids => ids.Count(id => reopened.Get(id) is not null)), reopened.Count);
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
            builder.Append("{\"id\":\"").Append(id).Append("\",\"indices\":[1,").Append(2 + (i % 500)).Append("],\"values\":[0.5,").Append(1 + (i % 7)).Append("]}\n");
        }

        File.WriteAllText(path, builder.ToString());
        return ids;
    }
}
