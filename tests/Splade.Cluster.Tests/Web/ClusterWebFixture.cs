using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Cluster.Tests.Serve;
using Splade.Server.Tests.Process;
using Splade.Tests.Shared;
using Splade.Tests.Shared.Browser;

namespace Splade.Cluster.Tests.Web;

/// <summary>Three <c>splade serve --cluster</c> nodes holding the collection <c>docs</c> in three shards of two replicas (SPLADE and
/// BM25 vectors encoded by the nodes from text), a single <c>splade serve</c> holding the same points (the answers a cluster must
/// equal), and one headless chromium; shared by the tests of <see cref="ClusterWebGroup"/>.</summary>
public sealed class ClusterWebFixture : IAsyncLifetime, IDisposable
{
    public const string Collection = "docs";

    public const int Shards = 3;

    public const int Replicas = 2;

    /// <summary>The single server's dashboard texts, and two more.</summary>
    public static readonly string[] Texts =
    [
        .. DashboardTexts.All,
        "Gibbons swing through the canopy of Asian forests.",
        "Central banks raise rates to slow inflation.",
    ];

    private readonly TempFolder _single = new("splade-cluster-web-single-");
    private ServeCluster? _cluster;
    private ServerProcess? _singleServer;
    private BrowserSession? _browser;

    internal ServeCluster Cluster => _cluster!;

    internal BrowserSession Browser => _browser!;

    /// <summary>A client of each node, in the order of <see cref="ServeCluster.Nodes"/>.</summary>
    public IReadOnlyList<HttpClient> Clients { get; private set; } = [];

    /// <summary>A client of the single server holding the same points.</summary>
    public HttpClient SingleServer { get; private set; } = null!;

    /// <summary>The single server's address.</summary>
    public Uri SingleAddress => _singleServer!.Address;

    public async Task InitializeAsync()
    {
        try
        {
            _singleServer = await ServerProcess.StartAsync(_single.Path, null, "--no-demo");
            SingleServer = _singleServer.CreateClient();
            _cluster = await ServeCluster.StartAsync(3);
            Clients = [.. Cluster.Nodes.Select(Cluster.Client)];
            await CreateAsync(Clients[0], Collection, Shards, Replicas);
            await CreateAsync(SingleServer, Collection, null, null);
            await WaitForStatusAsync(Clients[1], Collection, "green");
            _browser = await BrowserSession.LaunchAsync();
        }
        catch
        {
            // Nothing is left running when the fixture cannot start.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a collection (sharded when <paramref name="shards"/> is given) with SPLADE and BM25 vectors and writes the
    /// texts to it as documents the server encodes.</summary>
    internal static async Task CreateAsync(HttpClient client, string name, int? shards, int? replicas)
    {
        var body = new JsonObject
        {
            ["sparse_vectors"] = new JsonObject { ["splade"] = new JsonObject(), ["bm25"] = new JsonObject { ["modifier"] = "idf" } },
        };
        if (shards is not null)
        {
            body["shard_number"] = shards;
            body["replication_factor"] = replicas;
        }

        await ServerCalls.SendAsync(client, HttpMethod.Put, $"/collections/{name}", body.ToJsonString());
        var points = new JsonArray();
        for (var i = 0; i < Texts.Length; i++)
        {
            points.Add(new JsonObject
            {
                ["id"] = i + 1,
                ["payload"] = new JsonObject { ["title"] = $"Document {i + 1}", ["text"] = Texts[i], ["lang"] = i % 2 == 0 ? "en" : "fr" },
                ["vector"] = new JsonObject
                {
                    ["splade"] = new JsonObject { ["text"] = Texts[i], ["model"] = "splade" },
                    ["bm25"] = new JsonObject { ["text"] = Texts[i], ["model"] = "bm25" },
                },
            });
        }

        await ServerCalls.SendAsync(client, HttpMethod.Put, $"/collections/{name}/points?wait=true", new JsonObject { ["points"] = points }.ToJsonString());
    }

    /// <summary>The <c>result</c> of a GET that must answer 200.</summary>
    internal static async Task<JsonNode> GetAsync(HttpClient client, string path)
        => (await ServerCalls.SendAsync(client, HttpMethod.Get, path, string.Empty))["result"]!;

    /// <summary>Waits (at most <paramref name="limit"/>, three minutes by default) until the collection's status is
    /// <paramref name="status"/>, and answers its info.</summary>
    internal static async Task<JsonNode> WaitForStatusAsync(HttpClient client, string name, string status, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var info = await GetAsync(client, $"/collections/{name}");
            if (info["status"]!.GetValue<string>() == status)
            {
                return info;
            }

            Assert.True(
                clock.Elapsed < (limit ?? TimeSpan.FromMinutes(3)), $"{name} is not {status} after {clock.Elapsed.TotalSeconds:F0} s: {info.ToJsonString()}");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        SingleServer?.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }

        if (_singleServer is not null)
        {
            await _singleServer.DisposeAsync();
            _singleServer = null;
        }

        _single.Dispose();
    }

    public void Dispose() => _single.Dispose();
}
