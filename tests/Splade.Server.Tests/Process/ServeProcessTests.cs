using System.Net;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Process;

/// <summary><c>splade serve</c> as users run it: a real process that announces its port, stops gracefully on SIGTERM, and keeps every
/// acknowledged write through SIGKILL.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "splade-serve-process", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_drains_and_checkpoints_and_a_restart_has_everything()
    {
        await using (var server = await ServerProcess.StartAsync(_data, null, "--no-demo"))
        {
            using var client = server.CreateClient();
            await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/p", """{"sparse_vectors": {"s": {}}}""");
            await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/p/points", Points(0, 50));
            Assert.Equal(0, await server.TerminateAsync());
        }

        // A graceful stop leaves nothing to replay: every log file is empty past its header.
        Assert.All(Directory.GetFiles(Path.Combine(_data, "collections", "p", "log")), file => Assert.True(new FileInfo(file).Length <= 12, file));
        await using var restarted = await ServerProcess.StartAsync(_data, null, "--no-demo");
        using var again = restarted.CreateClient();
        var count = await ServerCalls.SendAsync(again, HttpMethod.Post, "/collections/p/points/count", "{}");
        Assert.Equal(50, count["result"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_and_a_batch_is_all_or_nothing()
    {
        var acknowledged = 0;
        await using (var server = await ServerProcess.StartAsync(_data, null, "--no-demo"))
        {
            using var client = server.CreateClient();
            await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/p", """{"sparse_vectors": {"s": {}}}""");
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    try
                    {
                        using var content = new StringContent(Points(batch * 20, 20), System.Text.Encoding.UTF8, "application/json");
                        using var response = await client.PutAsync("/collections/p/points", content, stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged = (batch + 1) * 20;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
            // Kill while writes are in flight, once a few are acknowledged (waiting for them, not for a fixed time: a loaded machine
            // may take seconds for the first).
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (acknowledged < 60 && !writer.IsCompleted && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(100);
            }

            await server.KillAsync();
            await stop.CancelAsync();
            await writer;
        }

        Assert.True(acknowledged > 0);
        await using var restarted = await ServerProcess.StartAsync(_data, null, "--no-demo");
        using var again = restarted.CreateClient();
        var count = (await ServerCalls.SendAsync(again, HttpMethod.Post, "/collections/p/points/count", "{}"))["result"]!["count"]!.GetValue<int>();
        Assert.True(count >= acknowledged, $"{count} points after the crash, {acknowledged} acknowledged");
        Assert.True(count % 20 == 0, $"{count} points: a batch was half written");
        Assert.True(count <= acknowledged + 20, $"{count} points: more than the acknowledged writes and the one in flight");
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_a_key_is_refused_unless_insecure_or_keyed()
    {
        var (code, output) = await ServerProcess.RunAsync(null, "serve", "--data", _data, "--urls", "http://0.0.0.0:0", "--no-demo");
        Assert.Equal(1, code);
        Assert.Contains("Refusing to listen on http://0.0.0.0:0 without an API key", output, StringComparison.Ordinal);
        await using var keyed = await ServerProcess.StartAsync(_data, new Dictionary<string, string> { ["SPLADE_API_KEY"] = "k" }, "--no-demo");
        using var client = keyed.CreateClient();
        using var refused = await client.GetAsync("/collections");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        client.DefaultRequestHeaders.Add("api-key", "k");
        using var allowed = await client.GetAsync("/collections");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_api_key_file_is_read_and_an_empty_one_refused()
    {
        var keyFile = Path.Combine(_data, "key.txt");
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(keyFile, "");
        var (code, output) = await ServerProcess.RunAsync(null, "serve", "--data", _data, "--api-key-file", keyFile, "--no-demo");
        Assert.Equal(2, code);
        Assert.Contains("the API key file is empty", output, StringComparison.Ordinal);
        await File.WriteAllTextAsync(keyFile, "from-file\n");
        await using var server = await ServerProcess.StartAsync(_data, null, "--api-key-file", keyFile, "--no-demo");
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "from-file");
        using var allowed = await client.GetAsync("/collections");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_checkpoint_folder_given_as_a_model_is_converted_at_start_and_a_missing_one_stops_the_server()
    {
        // A Hugging Face checkpoint folder: config, tokenizer and weights, no ONNX file.
        var checkpoint = Path.Combine(_data, "checkpoint");
        Directory.CreateDirectory(checkpoint);
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt" })
        {
            File.Copy(Splade.Tests.Shared.TestPaths.Fixture("tiny-splade-random", file), Path.Combine(checkpoint, file));
        }

        var cache = Path.Combine(_data, "model-cache");
        var environment = new Dictionary<string, string> { ["SPLADE_MODEL_CACHE"] = cache };
        var missing = Path.Combine(_data, "no-such-model");
        var (code, output) = await ServerProcess.RunAsync(
            environment, "serve", "--data", Path.Combine(_data, "server"), "--no-demo", "--model", $"tiny={missing}");
        Assert.Equal(2, code);
        Assert.Contains($"The model folder {missing} does not exist", output, StringComparison.Ordinal);

        await using var server = await ServerProcess.StartAsync(Path.Combine(_data, "server"), environment, "--no-demo", "--model", $"tiny={checkpoint}");
        var converted = Assert.Single(Directory.GetDirectories(cache, "converted-*"));
        Assert.True(File.Exists(Path.Combine(converted, "onnx", "model.onnx")));
    }

    private static string Points(int first, int count)
        => $$"""{"points": [{{string.Join(",", Enumerable.Range(first, count).Select(Point))}}]}""";

    private static string Point(int i) => $$$"""{"id": {{{i}}}, "vector": {"s": {"indices": [{{{i % 50}}}], "values": [1]} } }""";
}
