using Splade.Checkpoints.Hub;
using Splade.Checkpoints.Tests.Support;
using Splade.Tests.Shared.Hub;
using Splade.Encoding;
using Splade.Encoding.Tests.Support;

namespace Splade.Checkpoints.Tests.Hub;

/// <summary>The hub client against a loopback server in the hub's URL layout; nothing here reaches the internet.</summary>
public sealed class HubClientTests : IDisposable
{
    private readonly CheckpointFolder _checkpoint = new(CheckpointFolder.Bert);
    private readonly FakeHub _hub;
    private readonly string _cache;

    public HubClientTests()
    {
        File.WriteAllText(_checkpoint.File("README.md"), "---\nlicense: apache-2.0\ntags: [splade]\n---\n# tiny\n");
        _hub = new FakeHub(_checkpoint.Path);
        _cache = _checkpoint.Sibling("hf-cache");
    }

    public void Dispose()
    {
        _hub.Dispose();
        _checkpoint.Dispose();
    }

    private HubEnvironment Environment(string? token = null, bool offline = false)
        => new() { Endpoint = _hub.Endpoint, CacheRoot = _cache, Token = token, Offline = offline };

    private HubClient Client(string? token = null) => new(Environment(token), attempts: 3, firstRetryDelay: TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task A_pull_fills_the_standard_cache_layout_and_the_model_loads_from_its_id()
    {
        using var client = Client();
        var snapshot = await client.PullAsync(RepoReference.Parse(FakeHub.Repo));

        var repoFolder = Path.Combine(_cache, "models--org--tiny");
        Assert.Equal(Path.Combine(repoFolder, "snapshots", FakeHub.Commit), snapshot);
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(repoFolder, "refs", "main")));
        var weights = new FileInfo(Path.Combine(snapshot, "model.safetensors"));
        var sha256 = FakeHub.Sha256(File.ReadAllBytes(_checkpoint.File("model.safetensors")));
        Assert.Equal(Path.Combine("..", "..", "blobs", sha256), weights.LinkTarget);
        var config = new FileInfo(Path.Combine(snapshot, "config.json"));
        Assert.Equal(Path.Combine("..", "..", "blobs", FakeHub.GitSha1(File.ReadAllBytes(_checkpoint.File("config.json")))), config.LinkTarget);
        Assert.Empty(Directory.GetFiles(Path.Combine(repoFolder, "blobs"), "*.incomplete"));

        var listed = Assert.Single(new HubCache(_cache).List());
        Assert.Equal(("org/tiny", "apache-2.0", (string?)null), (listed.RepoId, listed.License, listed.Problem));

        var folder = ModelResolver.Resolve(FakeHub.Repo, Environment(), _checkpoint.Sibling("converted"));
        using var encoder = SpladeEncoder.Load(folder);
        var item = ReferenceVectors.Items(CheckpointFolder.Bert)[0];
        Assert.True(Dense.MaxDifference(item.Max, encoder.Encode(item.Text)) <= 1e-5f);

        // A second pull downloads nothing: every blob is already there and verified.
        var before = _hub.Requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal) && !r.Contains("/api/", StringComparison.Ordinal));
        await client.PullAsync(RepoReference.Parse(FakeHub.Repo));
        Assert.Equal(before, _hub.Requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal) && !r.Contains("/api/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_cut_download_is_resumed_with_a_range_request()
    {
        _hub.CutAfterBytes = 1 << 20;
        using var client = Client();
        var snapshot = await client.PullAsync(RepoReference.Parse(FakeHub.Repo));
        Assert.Contains(_hub.Requests, r => r.StartsWith("GET /cdn/", StringComparison.Ordinal) && r.EndsWith("bytes=1048576-", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(_checkpoint.File("model.safetensors")), File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors")));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        _hub.FailNext = 2;
        using var client = Client();
        var snapshot = await client.PullAsync(RepoReference.Parse(FakeHub.Repo));
        Assert.True(File.Exists(Path.Combine(snapshot, "config.json")));
        Assert.Equal(3, _hub.Requests.Count(r => r.StartsWith("GET /api/models/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Persistent_server_errors_are_reported_after_the_retries()
    {
        _hub.FailNext = 100;
        using var client = Client();
        var error = await Assert.ThrowsAsync<HubException>(() => client.PullAsync(RepoReference.Parse(FakeHub.Repo)));
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_is_not_what_the_hub_announced_is_discarded()
    {
        _hub.CorruptFile = "model.safetensors";
        using var client = Client();
        var error = await Assert.ThrowsAsync<HubException>(() => client.PullAsync(RepoReference.Parse(FakeHub.Repo)));
        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        var blobs = Path.Combine(_cache, "models--org--tiny", "blobs");
        var weightsHash = FakeHub.Sha256(File.ReadAllBytes(_checkpoint.File("model.safetensors")));
        Assert.DoesNotContain(Directory.GetFiles(blobs), f => f.Contains(weightsHash, StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_cache, "models--org--tiny", "refs", "main")));
    }

    [Theory]
    [InlineData("<html><body>Sign in to the proxy</body></html>", "is not the hub's repository description")]
    [InlineData("""{"sha": "main", "siblings": []}""", "is not a commit hash")]
    [InlineData("""{"sha": "0123456789abcdef0123456789abcdef01234567", "siblings": [{"rfilename": "../../outside.json"}]}""", "not a safe relative path")]
    [InlineData("""{"sha": "0123456789abcdef0123456789abcdef01234567", "siblings": [{"rfilename": "/etc/passwd"}]}""", "not a safe relative path")]
    public async Task A_file_list_that_is_not_the_hub_s_is_refused_before_anything_is_written(string reply, string message)
    {
        _hub.ApiReply = reply;
        using var client = Client();
        var error = await Assert.ThrowsAsync<HubException>(() => client.PullAsync(RepoReference.Parse(FakeHub.Repo)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("/api/models/org/tiny/revision/main", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cache));
    }

    [Theory]
    [InlineData("org/missing", "RepoNotFound", "does not exist")]
    [InlineData("org/tiny@v9", "RevisionNotFound", "has no revision v9")]
    [InlineData("org/gated", "GatedRepo", "HF_TOKEN")]
    public async Task Hub_errors_say_what_failed_and_what_to_do(string repo, string code, string message)
    {
        using var client = Client();
        var error = await Assert.ThrowsAsync<HubException>(() => client.PullAsync(RepoReference.Parse(repo)));
        Assert.Equal(code, error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(repo.Split('@')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_sent_as_a_bearer_token()
    {
        using var client = Client(token: "secret");
        var error = await Assert.ThrowsAsync<HubException>(() => client.PullAsync(RepoReference.Parse("org/gated")));
        Assert.Equal("RepoNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task Offline_mode_refuses_to_pull_but_resolves_from_the_cache()
    {
        using (var client = Client())
        {
            await client.PullAsync(RepoReference.Parse(FakeHub.Repo));
        }

        using var offline = new HubClient(Environment(offline: true));
        var error = await Assert.ThrowsAsync<HubException>(() => offline.PullAsync(RepoReference.Parse(FakeHub.Repo)));
        Assert.Contains("HF_HUB_OFFLINE", error.Message, StringComparison.Ordinal);
        var requests = _hub.Requests.Count;
        Assert.True(Directory.Exists(ModelResolver.Resolve(FakeHub.Repo, Environment(offline: true), _checkpoint.Sibling("converted"))));
        Assert.Equal(requests, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_half_written_cache_is_reported_and_repaired_by_the_next_pull()
    {
        using var client = Client();
        await client.PullAsync(RepoReference.Parse(FakeHub.Repo));
        var blob = Path.Combine(_cache, "models--org--tiny", "blobs", FakeHub.Sha256(File.ReadAllBytes(_checkpoint.File("model.safetensors"))));
        File.Move(blob, blob + ".incomplete");
        using (var partial = new FileStream(blob + ".incomplete", FileMode.Open))
        {
            partial.SetLength(partial.Length / 3);
        }

        var error = Assert.Throws<HubException>(() => ModelResolver.Resolve(FakeHub.Repo, Environment(), _checkpoint.Sibling("converted")));
        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("splade model pull org/tiny", error.Message, StringComparison.Ordinal);

        await client.PullAsync(RepoReference.Parse(FakeHub.Repo));
        Assert.Contains(_hub.Requests, r => r.StartsWith("GET /cdn/", StringComparison.Ordinal) && r.Contains("bytes=", StringComparison.Ordinal));
        Assert.True(Directory.Exists(ModelResolver.Resolve(FakeHub.Repo, Environment(), _checkpoint.Sibling("converted"))));
    }

    [Fact]
    public void A_model_not_in_the_cache_names_the_pull_command()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelResolver.Resolve("org/other@v2", Environment(), _checkpoint.Sibling("converted")));
        Assert.Contains("splade model pull org/other@v2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_follows_huggingface_hub_s_variables()
    {
        var tokenFile = _checkpoint.Sibling("token");
        File.WriteAllText(tokenFile, "from-file\n");
        var variables = new Dictionary<string, string>
        {
            ["HOME"] = "/home/u",
            ["HF_HOME"] = "/data/hf",
            ["HF_TOKEN_PATH"] = tokenFile,
            ["HF_ENDPOINT"] = "https://mirror.example/",
            ["HF_HUB_OFFLINE"] = "1",
        };
        var environment = HubEnvironment.From(name => variables.GetValueOrDefault(name));
        Assert.Equal(
            ("/data/hf/hub", "from-file", "https://mirror.example", true),
            (environment.CacheRoot, environment.Token, environment.Endpoint, environment.Offline));

        variables["HF_HUB_CACHE"] = "/cache/hub";
        variables["HF_TOKEN"] = "from-variable";
        variables.Remove("HF_HOME");
        environment = HubEnvironment.From(name => variables.GetValueOrDefault(name));
        Assert.Equal(("/cache/hub", "from-variable"), (environment.CacheRoot, environment.Token));

        variables.Remove("HF_HUB_CACHE");
        Assert.Equal("/home/u/.cache/huggingface/hub", HubEnvironment.From(name => variables.GetValueOrDefault(name)).CacheRoot);
    }

    [Fact]
    public void Only_the_files_a_model_needs_are_selected()
    {
        var selected = HubClient.Select(
        [
            "config.json", "model.safetensors", "pytorch_model.bin", "onnx/model.onnx", "tf_model.h5", "vocab.txt", "1_SpladePooling/config.json",
            ".gitattributes", "README.md",
        ]);
        Assert.Equal(["config.json", "model.safetensors", "vocab.txt", "1_SpladePooling/config.json", "README.md"], selected);
        Assert.Contains("pytorch_model.bin", HubClient.Select(["config.json", "pytorch_model.bin"]));
    }
}
