using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Tests.Shared;

namespace Splade.Server.Tests.Process;

/// <summary>Programs that know nothing of Splade.NET against <c>splade serve</c>: Qdrant's official JavaScript REST client
/// (npm @qdrant/js-client-rest) and an independent OpenAPI validator (npm @apidevtools/swagger-parser).</summary>
public sealed class QdrantClientTests : IDisposable
{
    /// <summary>Routes that are not part of the described API: the document itself, its interactive page (and the page's assets,
    /// everything under /docs/), the Prometheus scrape
    /// endpoint (plain text in Prometheus's format, any method) and the fallback that answers unknown paths with a 404.</summary>
    private static readonly string[] Undescribed = ["GET /openapi/{documentName}.json", "GET /docs/{documentName?}", "* /metrics"];

    private readonly TempFolder _data = new("splade-client-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Qdrants_JavaScript_client_creates_upserts_queries_scrolls_counts_and_deletes()
    {
        var key = new Dictionary<string, string> { ["SPLADE_API_KEY"] = "client-test-key" };
        await using var server = await ServerProcess.StartAsync(_data.Path, key, "--no-demo");
        var (code, output) = await NodeScripts.RunAsync("qdrant-client.mjs", server.Address, key);
        Assert.True(code == 0, $"the client script failed ({code}):\n{output}\nserver:\n{server.Output}");
        Assert.Contains("ok - a client without the API key is refused", output, StringComparison.Ordinal);
        Assert.Contains("ok - hybrid query: prefetch sparse and dense, fused by RRF", output, StringComparison.Ordinal);
        Assert.Matches(@"ok - all \d+ steps", output);
        Assert.DoesNotContain("not ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_valid_and_describes_every_route_the_server_maps()
    {
        await using var server = await ServerProcess.StartAsync(_data.Path, null, "--no-demo");
        var (code, output) = await NodeScripts.RunAsync("openapi.mjs", server.Address);
        Assert.True(code == 0, $"the OpenAPI validator failed ({code}):\n{output}");
        Assert.Matches(@"valid OpenAPI 3\.\d+\.\d+: \d+ operations", output);
        var described = output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("operation ", StringComparison.Ordinal))
            .Select(line => line["operation ".Length..])
            .ToHashSet(StringComparer.Ordinal);

        await using var mapped = await TestServer.StartAsync();
        var routes = MappedRoutes(mapped).ToHashSet(StringComparer.Ordinal);
        Assert.All(Undescribed, route => Assert.True(routes.Contains(route), $"{route} is not among the mapped routes: {string.Join(", ", routes)}"));
        routes.ExceptWith(Undescribed);
        routes.RemoveWhere(route => route.StartsWith("GET /docs/", StringComparison.Ordinal));
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes mapped");
        Assert.Equal(routes.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
    }

    /// <summary>"METHOD /pattern" for every route endpoint the application maps ("* /pattern" for one that takes any method), the
    /// catch-all fallback left out.</summary>
    private static IEnumerable<string> MappedRoutes(TestServer server)
    {
        foreach (var source in ((IEndpointRouteBuilder)server.App).DataSources)
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                // A group's "/" route ends in a slash; OpenAPI names the path without it.
                var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
                if (pattern.Contains("{*", StringComparison.Ordinal))
                {
                    continue;
                }

                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } some ? some : ["*"];
                foreach (var method in methods)
                {
                    yield return $"{method} {pattern}";
                }
            }
        }
    }
}
