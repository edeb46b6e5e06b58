using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Splade.Tests.Shared;
using Splade.Tests.Shared.Browser;

namespace Splade.Server.Tests.Dashboard;

/// <summary>One real <c>splade serve</c> process with an API key and a small collection <c>docs</c> (SPLADE, BM25 and dense vectors
/// encoded by the server from text), and one headless chromium, shared by the browser tests of the <c>dashboard</c> collection.</summary>
public sealed class DashboardFixture : IAsyncLifetime, IDisposable
{
    public const string ApiKey = "dashboard-test-key";

    public static readonly string[] Texts = DashboardTexts.All;

    private readonly TempFolder _data = new("splade-dashboard-");
    private ServerProcess? _server;
    private BrowserSession? _browser;

    internal BrowserSession Browser => _browser!;

    public Uri Address => _server!.Address;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var launch = BrowserSession.LaunchAsync();
        _server = await ServerProcess.StartAsync(_data.Path, new Dictionary<string, string> { ["SPLADE_API_KEY"] = ApiKey }, "--no-demo");
        Client = _server.CreateClient();
        Client.DefaultRequestHeaders.Add("api-key", ApiKey);
        await SendAsync(HttpMethod.Put, "/collections/docs", """
            {"vectors": {"dense": {"size": 384, "distance": "Cosine"}}, "sparse_vectors": {"splade": {}, "bm25": {"modifier": "idf"}}}
            """);
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
                    ["dense"] = new JsonObject { ["text"] = Texts[i], ["model"] = "minilm" },
                },
            });
        }

        await SendAsync(HttpMethod.Put, "/collections/docs/points?wait=true", new JsonObject { ["points"] = points }.ToJsonString());
        _browser = await launch;
    }

    /// <summary>Calls the API directly (the oracle the page's answers are compared with) and answers its <c>result</c>.</summary>
    public async Task<JsonNode> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["result"]!;
    }

    /// <summary>A new tab on the dashboard with the API key already entered (as the key dialog stores it), on the given panel.</summary>
    internal Task<DashboardPage> OpenAsync(string panel, int width = 1280, int height = 900, bool mobile = false)
        => Browser.OpenAsync(Address, panel, ApiKey, width, height, mobile);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
    }

    public void Dispose() => _data.Dispose();
}
