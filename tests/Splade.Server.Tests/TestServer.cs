using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Splade.Server.Tests;

/// <summary>A server in this process on an in-memory transport (ASP.NET Core's test server), on its own temporary data folder.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly bool _ownsFolder;
    private WebApplication _app;

    private TestServer(WebApplication app, ServerOptions options, bool ownsFolder)
    {
        _app = app;
        Options = options;
        _ownsFolder = ownsFolder;
        Client = app.GetTestClient();
    }

    public ServerOptions Options { get; }

    public HttpClient Client { get; private set; }

    public WebApplication App => _app;

    public string DataFolder => Options.DataFolder;

    public static async Task<TestServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, string? folder = null)
    {
        var options = new ServerOptions
        {
            DataFolder = folder ?? Path.Combine(Path.GetTempPath(), "splade-server-tests", Guid.NewGuid().ToString("N")),
            Demo = false,
        };
        options = configure?.Invoke(options) ?? options;
        var app = await StartAppAsync(options);
        return new TestServer(app, options, folder is null);
    }

    /// <summary>Stops the server (as a graceful shutdown does) and starts a new one on the same folder.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = await StartAppAsync(Options);
        Client = _app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsFolder && Directory.Exists(Options.DataFolder))
        {
            Directory.Delete(Options.DataFolder, recursive: true);
        }
    }

    public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Reply> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<Reply> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? json, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json" && body.Length > 0)
        {
            parsed = JsonNode.Parse(body);
        }

        return new Reply(response.StatusCode, parsed, body);
    }

    /// <summary>Creates a collection and checks it succeeded.</summary>
    public async Task CreateCollectionAsync(string name, string json)
    {
        var reply = await PutAsync($"/collections/{name}", json);
        reply.AssertOk();
    }

    private static async Task<WebApplication> StartAppAsync(ServerOptions options)
    {
        var app = SpladeServer.Build(options, builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return app;
    }
}

/// <summary>An HTTP answer: status, parsed JSON (when JSON) and the raw body.</summary>
internal sealed record Reply(HttpStatusCode Status, JsonNode? Json, string Body)
{
    public JsonNode Result => Json?["result"] ?? throw new InvalidOperationException($"No result in {Status}: {Body}");

    public string? Error => Json?["status"]?["error"]?.GetValue<string>();

    public Reply AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Body}");
        Assert.Equal("ok", Json!["status"]!.GetValue<string>());
        return this;
    }

    /// <summary>Checks a Qdrant-shaped error with the status and a message containing <paramref name="fragment"/>.</summary>
    public Reply AssertError(HttpStatusCode status, string fragment)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Body}");
        Assert.NotNull(Error);
        Assert.Contains(fragment, Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Body, StringComparison.Ordinal);
        Assert.NotNull(Json!["time"]);
        return this;
    }
}
