using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Splade.Core;
using Splade.Index;
using Splade.Index.Storage;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Index;

/// <summary>
/// Concurrency across real processes: one writer per index folder (a second is refused, naming the first, or waits with
/// <c>--wait</c>), readers that never write and always see a whole commit while a writer commits, merges and deletes files
/// beside them, and a writer killed with SIGKILL whose lock dies with it.
/// </summary>
public sealed class ConcurrencyProcessTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-cli-concurrency-");

    public void Dispose() => _folder.Dispose();

    private string IndexPath => _folder.Combine("index");

    [Fact]
    public async Task A_second_writer_is_refused_naming_the_holder_or_waits_for_it_with_wait()
    {
        Build(0, 20);
        var extra = WriteDocuments("extra.jsonl", 1000, 30);
        using (var holder = SparseIndex.Open(IndexPath))
        {
            foreach (var arguments in new[]
            {
                new[] { "index", "add", IndexPath, "--input", extra },
                ["index", "delete", IndexPath, "--id", "d1"],
                ["index", "repair", IndexPath],
            })
            {
                var refused = SpladeProcess.Run(arguments);
                Assert.True(refused.ExitCode == 2, refused.StandardError);
                Assert.Contains("open for writing by another process", refused.StandardError, StringComparison.Ordinal);
                Assert.Contains($"process {Environment.ProcessId} on host {Environment.MachineName}", refused.StandardError, StringComparison.Ordinal);
            }

            // Readers are never refused.
            Assert.Equal(20, Stats().GetProperty("documents").GetInt32());

            using var waiting = SpladeProcess.Start("index", "add", IndexPath, "--input", extra, "--wait");
            waiting.StandardInput.Close();
            var output = waiting.StandardOutput.ReadToEndAsync();
            var error = waiting.StandardError.ReadToEndAsync();
            // However slow the machine, the waiting writer cannot finish while this one holds the index.
            // (Its output is read only after the holder lets it finish: awaiting it here would wait for ever.)
            Assert.False(waiting.WaitForExit(3000), "the waiting writer finished while another held the index");
            holder.Upsert(new IndexDocument("held", new SparseVector([1], [1f])));
            holder.Dispose();
            await waiting.WaitForExitAsync();
            Assert.True(waiting.ExitCode == 0, await error);
            Assert.Contains("\"upserted\":30", await output, StringComparison.Ordinal);
        }

        Assert.Equal(51, Stats().GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task Writers_started_together_never_lose_an_acknowledged_load()
    {
        Build(0, 10);
        var runs = new List<(string[] Ids, Task<(int ExitCode, string Output, string Error)> Run)>();
        for (var i = 0; i < 4; i++)
        {
            var first = 10_000 * (i + 1);
            var input = WriteDocuments($"w{i}.jsonl", first, 6000);
            // Two wait their turn; two take their chance and are refused if the index is busy.
            string[] arguments = i < 2 ? ["index", "add", IndexPath, "--input", input, "--wait"] : ["index", "add", IndexPath, "--input", input];
            runs.Add(([.. Enumerable.Range(first, 6000).Select(static n => $"d{n}")], SpladeProcess.RunAsync(arguments)));
        }

        var expected = 10;
        await Task.WhenAll(runs.Select(static run => run.Run));
        using var index = SparseIndex.OpenReadOnly(IndexPath);
        for (var i = 0; i < runs.Count; i++)
        {
            var (ids, run) = runs[i];
            var (exitCode, _, error) = await run;
            var present = ids.Count(id => index.Get(id) is not null);
            if (exitCode == 0)
            {
                Assert.Equal(ids.Length, present);
                expected += ids.Length;
            }
            else
            {
                Assert.True(i >= 2, $"writer {i} used --wait and still failed: {error}");
                Assert.Equal(2, exitCode);
                Assert.Contains("open for writing by another process", error, StringComparison.Ordinal);
                Assert.Equal(0, present);
            }
        }

        Assert.Equal(expected, index.Count);
    }

    [Fact]
    public async Task Readers_looping_beside_a_writer_see_whole_commits_and_never_a_missing_file()
    {
        Build(0, 100);
        using var writer = SparseIndex.Open(IndexPath, new IndexOptions { MergeFactor = 2, FlushThreshold = 1_000_000 });
        using var stop = new CancellationTokenSource();
        var published = new List<int>();
        var writes = Task.Run(() =>
        {
            // Each write is one logged operation of 100 upserts or 50 deletes, so every state a reader can see has a multiple of 50
            // documents; flushes commit, merge and delete files as fast as this machine allows.
            var next = 100;
            for (var round = 0; !stop.IsCancellationRequested || round < 20; round++)
            {
                writer.Upsert(Enumerable.Range(next, 100).Select(static n => Document(n)));
                next += 100;
                if (round % 3 == 2)
                {
                    writer.Delete(Enumerable.Range(next - 150, 50).Select(static n => $"d{n}"));
                }

                writer.Flush();
                if (round % 5 == 4)
                {
                    writer.Merge();
                }

                lock (published)
                {
                    published.Add(writer.Count);
                }
            }
        });

        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(async () =>
        {
            var seen = new List<int>();
            for (var i = 0; i < 6; i++)
            {
                var (exitCode, output, error) = (i + reader) % 2 == 0
                    ? await SpladeProcess.RunAsync("index", "stats", IndexPath)
                    : await SpladeProcess.RunAsync("search", "--index", IndexPath, "--vector-json", "{\"indices\":[1,3],\"values\":[1,0.5]}", "--k", "5");
                Assert.True(exitCode == 0, error);
                if (output.Contains("\"documents\"", StringComparison.Ordinal))
                {
                    seen.Add(JsonDocument.Parse(output).RootElement.GetProperty("documents").GetInt32());
                }
                else
                {
                    Assert.Contains("\"algorithm\"", output, StringComparison.Ordinal);
                }
            }

            return seen;
        })).ToList();

        var counts = (await Task.WhenAll(readers)).SelectMany(static seen => seen).ToList();
        await stop.CancelAsync();
        await writes;
        Assert.NotEmpty(counts);
        Assert.All(counts, count => Assert.True(count % 50 == 0 && count >= 100, $"a reader saw {count} documents, not a whole write"));
        Assert.True(published.Count >= 20);
    }

    [Fact]
    public async Task A_writer_killed_with_kill_9_takes_its_lock_with_it()
    {
        Build(0, 10);
        var size = 200_000;
        for (var attempt = 0; ; attempt++)
        {
            var input = WriteDocuments($"big{attempt}.jsonl", 1_000_000, size);
            using var process = SpladeProcess.Start("index", "add", IndexPath, "--input", input);
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!await HoldsLock(process))
            {
                // It finished before it could be caught holding the lock: try again with more to load.
                Assert.True(attempt < 4, "splade index add always finished before it was seen holding the index");
                size *= 2;
                continue;
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            break;
        }

        // No wait: the lock died with its process.
        using (var index = SparseIndex.Open(IndexPath))
        {
            Assert.Contains(index.Count, new[] { 10, 10 + size });
        }

        var small = WriteDocuments("small.jsonl", 50, 5);
        var add = SpladeProcess.Run("index", "add", IndexPath, "--input", small);
        Assert.True(add.ExitCode == 0, add.StandardError);
    }

    [Fact]
    public async Task A_killed_build_leaves_nothing_that_blocks_its_retry_and_neither_does_a_failed_one()
    {
        var size = 200_000;
        for (var attempt = 0; ; attempt++)
        {
            var input = WriteDocuments($"big{attempt}.jsonl", 0, size);
            using var process = SpladeProcess.Start("index", "build", "--input", input, "--out", IndexPath);
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!await HoldsLock(process))
            {
                Assert.True(attempt < 4, "splade index build always finished before it was seen holding the folder");
                Directory.Delete(IndexPath, recursive: true);
                size *= 2;
                continue;
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            break;
        }

        var search = SpladeProcess.Run("index", "stats", IndexPath);
        Assert.NotEqual(0, search.ExitCode);

        var bad = _folder.Combine("bad.jsonl");
        File.WriteAllText(bad, "{\"id\":\"a\",\"indices\":[1],\"values\":[1]}\nnot json\n");
        var failed = SpladeProcess.Run("index", "build", "--input", bad, "--out", IndexPath);
        Assert.Equal(2, failed.ExitCode);
        Assert.Contains("bad.jsonl", failed.StandardError, StringComparison.Ordinal);

        Build(0, 7);
        Assert.Equal(7, Stats().GetProperty("documents").GetInt32());
    }

    [Fact]
    public void A_read_only_folder_serves_search_and_stats_and_nothing_in_it_changes()
    {
        Build(0, 40);
        var deleted = SpladeProcess.Run("index", "delete", IndexPath, "--id", "d3");
        Assert.True(deleted.ExitCode == 0, deleted.StandardError);
        var before = FolderState.Of(IndexPath);
        using (ReadOnlyFolder.Hold(IndexPath))
        {
            Assert.Equal(39, Stats().GetProperty("documents").GetInt32());
            var search = SpladeProcess.Run("search", "--index", IndexPath, "--vector-json", "{\"indices\":[1],\"values\":[1]}", "--k", "3");
            Assert.True(search.ExitCode == 0, search.StandardError);
            Assert.DoesNotContain("\"d3\"", search.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Equal(before, FolderState.Of(IndexPath));
    }

    [Fact]
    public void A_folder_whose_commit_is_missing_is_an_error_naming_it_and_its_segments_are_kept()
    {
        Build(0, 40);
        File.Delete(Path.Combine(IndexPath, "commit"));
        var before = FolderState.Of(IndexPath);
        foreach (var arguments in new[]
        {
            new[] { "index", "stats", IndexPath },
            ["search", "--index", IndexPath, "--vector-json", "{\"indices\":[1],\"values\":[1]}"],
            ["index", "delete", IndexPath, "--id", "d1"],
        })
        {
            var result = SpladeProcess.Run(arguments);
            Assert.True(result.ExitCode == 2, result.StandardError);
            Assert.Contains("'commit'", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("missing", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        }

        Assert.Equal(before.Split('\n').Where(NotALock), FolderState.Of(IndexPath).Split('\n').Where(NotALock));
    }

    [Fact]
    public void A_damaged_log_is_an_error_until_repair_drops_what_cannot_be_verified_and_says_so()
    {
        Build(0, 40);
        Assert.Equal(0, SpladeProcess.Run("index", "delete", IndexPath, "--id", "d1").ExitCode);
        Assert.Equal(0, SpladeProcess.Run("index", "delete", IndexPath, "--id", "d2").ExitCode);
        var log = Path.Combine(IndexPath, "wal.log");
        var bytes = File.ReadAllBytes(log);
        var last = LastRecordOffset(bytes);
        bytes[last + 1] ^= 0x04;
        File.WriteAllBytes(log, bytes);

        var stats = SpladeProcess.Run("index", "stats", IndexPath);
        Assert.Equal(2, stats.ExitCode);
        Assert.Contains("wal.log", stats.StandardError, StringComparison.Ordinal);
        Assert.Contains("splade index repair", stats.StandardError, StringComparison.Ordinal);

        var repair = SpladeProcess.Run("index", "repair", IndexPath);
        Assert.True(repair.ExitCode == 0, repair.StandardError);
        Assert.Contains("warning:", repair.StandardError, StringComparison.Ordinal);
        var report = JsonDocument.Parse(repair.StandardOutput).RootElement;
        Assert.Equal(1, report.GetProperty("replayedOperations").GetInt32());
        Assert.Single(report.GetProperty("dropped").EnumerateArray());
        Assert.Equal(39, report.GetProperty("documents").GetInt32());
        Assert.Equal(39, Stats().GetProperty("documents").GetInt32());
    }

    private static bool NotALock(string line) => !line.Contains(".lock ", StringComparison.Ordinal);

    /// <summary>Waits until <paramref name="process"/> holds the index's writer lock (true), or exits first (false).</summary>
    private async Task<bool> HoldsLock(Process process)
    {
        var lockFile = Path.Combine(IndexPath, FileSystemDirectory.WriteLockName);
        while (!process.HasExited)
        {
            if (LockFile.ReadContent(lockFile) is { } holder && holder.Contains($"\"pid\":{process.Id},", StringComparison.Ordinal))
            {
                return !process.HasExited;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private void Build(int first, int count)
    {
        var input = WriteDocuments($"build{first}-{count}.jsonl", first, count);
        var build = SpladeProcess.Run("index", "build", "--input", input, "--out", IndexPath);
        Assert.True(build.ExitCode == 0, build.StandardError);
    }

    private JsonElement Stats()
    {
        var stats = SpladeProcess.Run("index", "stats", IndexPath);
        Assert.True(stats.ExitCode == 0, stats.StandardError);
        return JsonDocument.Parse(stats.StandardOutput).RootElement;
    }

    private string WriteDocuments(string name, int first, int count)
    {
        var path = _folder.Combine(name);
        var builder = new StringBuilder();
        for (var i = first; i < first + count; i++)
        {
            builder.Append("{\"id\":\"d").Append(i).Append("\",\"indices\":[1,").Append(2 + (i % 500)).Append("],\"values\":[0.5,")
                .Append(1 + (i % 7)).Append("]}\n");
        }

        File.WriteAllText(path, builder.ToString());
        return path;
    }

    private static IndexDocument Document(int n) => new($"d{n}", new SparseVector([1, 2 + (uint)(n % 500)], [0.5f, 1 + (n % 7)]));

    private static int LastRecordOffset(byte[] log)
    {
        var position = 16;
        var last = position;
        while (position < log.Length)
        {
            last = position;
            position += 12 + BitConverter.ToInt32(log, position);
        }

        return last;
    }
}
