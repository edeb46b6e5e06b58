using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Splade.Tests.Shared;
using Xunit.Abstractions;

namespace Splade.Server.Tests.Process;

/// <summary>SIGTERM while clients stream writes and queries: requests in flight finish, later ones get a clean error (never a 500 or
/// a half-written batch), every write answered 200 is there after a restart, and the process exits 0 within its shutdown timeout.</summary>
public sealed class ShutdownDrainTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The server's stated shutdown timeout (docs/SERVER.md): how long SIGTERM lets in-flight requests run.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What the process may add after the drain: the checkpoint and the runtime's exit, on a loaded machine.</summary>
    private static readonly TimeSpan ExitAllowance = TimeSpan.FromSeconds(60);

    private readonly TempFolder _data = new("splade-drain-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Sigterm_drains_in_flight_requests_keeps_every_acknowledged_write_and_exits_0()
    {
        var writers = new[]
        {
            // Writers whose upserts carry texts the server encodes with SPLADE: slow, so one is in flight when the signal arrives.
            new DrainClient(0, DrainClient.Kind.TextUpsert), new DrainClient(1, DrainClient.Kind.TextUpsert),
            new DrainClient(2, DrainClient.Kind.SparseUpsert), new DrainClient(3, DrainClient.Kind.SparseUpsert),
            new DrainClient(4, DrainClient.Kind.Query),
        };
        long signalSent;
        long signalDelivered;
        await using (var server = await ServerProcess.StartAsync(_data.Path, null, "--no-demo"))
        {
            using var client = server.CreateClient();
            await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/drain", """{"sparse_vectors": {"s": {}}}""");

            // Loads the SPLADE model before the clients start.
            await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/drain/points/query",
                """{"query": {"text": "warm up", "model": "splade"}, "using": "s", "limit": 1}""");
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var streams = writers.Select(writer => Task.Run(() => writer.StreamAsync(server.Address, stop.Token))).ToArray();
            while (writers.Any(w => w.Answered < 3) && streams.All(s => !s.IsCompleted))
            {
                await Task.Delay(100);
            }

            var clock = Stopwatch.StartNew();
            signalSent = Stopwatch.GetTimestamp();
            using (var signal = System.Diagnostics.Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            signalDelivered = Stopwatch.GetTimestamp();
            var exitCode = await server.WaitForExitAsync();
            var stopped = clock.Elapsed;
            await Task.WhenAll(streams);
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{server.Output}");
            Assert.True(stopped < ShutdownTimeout + ExitAllowance, $"the server took {stopped.TotalSeconds:F1} s to exit after SIGTERM");
        }

        // Every answer was 200, or a clean 503 while stopping; connection errors only for requests the server had not taken.
        foreach (var writer in writers)
        {
            Assert.True(writer.Problems.Count == 0, $"client {writer.Number}: {string.Join("; ", writer.Problems)}");
        }

        var drained = writers.Sum(w => w.CountAnsweredAcross(signalSent, signalDelivered));
        output.WriteLine($"{writers.Sum(w => w.Answered)} requests answered 200, {drained} of them in flight when the signal arrived");
        Assert.True(drained > 0, "no request in flight when the signal arrived was answered: the server did not drain");

        await using var restarted = await ServerProcess.StartAsync(_data.Path, null, "--no-demo");
        using var again = restarted.CreateClient();
        var stored = await ServerCalls.ReadAllAsync(again, "drain", withVector: false);
        foreach (var writer in writers)
        {
            writer.Verify(stored);
        }
    }
}
