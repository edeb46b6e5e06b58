using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Splade.Server.Dashboard;
using Splade.Tests.Shared;

namespace Splade.Server.Tests.Dashboard;

/// <summary>How the server serves the dashboard: from the assembly, before the API key check, with a browser at <c>/</c> sent there
/// and API clients at <c>/</c> still answered with the version.</summary>
public sealed partial class DashboardServingTests
{
    [Fact]
    public async Task A_browser_at_the_root_is_redirected_and_an_api_client_gets_the_version()
    {
        await using var server = await TestServer.StartAsync();
        using var html = new HttpRequestMessage(HttpMethod.Get, "/");
        html.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var redirected = await server.Client.SendAsync(html);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/dashboard/", redirected.Headers.Location!.OriginalString);

        using var json = new HttpRequestMessage(HttpMethod.Get, "/");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var version = await server.Client.SendAsync(json);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Contains("\"version\"", await version.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var plain = await server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task The_page_needs_no_key_but_the_api_still_does()
    {
        await using var server = await TestServer.StartAsync(o => o with { ApiKey = "secret" });
        using var page = await server.Client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var bare = await server.Client.GetAsync("/dashboard");
        Assert.Equal("/dashboard/", bare.Headers.Location!.OriginalString);
        using var api = await server.Client.GetAsync("/collections");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Every_file_the_page_loads_is_embedded_and_served_with_its_type_and_a_validator()
    {
        await using var server = await TestServer.StartAsync();
        var html = await server.Client.GetStringAsync("/dashboard/index.html");
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in HtmlReference().Matches(html))
        {
            referenced.Add(match.Groups["file"].Value);
        }

        var queue = new Queue<string>(referenced);
        while (queue.TryDequeue(out var file))
        {
            using var response = await server.Client.GetAsync($"/dashboard/{file}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode}");
            Assert.NotEqual("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            if (file.EndsWith(".js", StringComparison.Ordinal))
            {
                Assert.Equal("text/javascript", response.Content.Headers.ContentType.MediaType);
                foreach (Match import in ModuleImport().Matches(await response.Content.ReadAsStringAsync()))
                {
                    if (referenced.Add(import.Groups["file"].Value))
                    {
                        queue.Enqueue(import.Groups["file"].Value);
                    }
                }
            }
        }

        // Every embedded file is reached from the page: nothing ships that the page does not use.
        Assert.Equal(DashboardMiddleware.FileNames.Order(StringComparer.Ordinal), referenced.Append("index.html").Order(StringComparer.Ordinal));
        Assert.True(referenced.Count >= 8, string.Join(", ", referenced));

        using var first = await server.Client.GetAsync("/dashboard/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var missing = await server.Client.GetAsync("/dashboard/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void The_page_loads_nothing_from_another_origin()
    {
        foreach (var name in DashboardMiddleware.FileNames)
        {
            var text = System.Text.Encoding.UTF8.GetString(Embedded(name))
                .Replace("xmlns=\"http://www.w3.org/2000/svg\"", string.Empty, StringComparison.Ordinal);
            Assert.DoesNotMatch(ExternalUrl(), text);
            // No style sheet import, font or image by address: a url() in the CSS is a data: URL or a file beside it.
            Assert.DoesNotContain("@import", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@font-face", text, StringComparison.OrdinalIgnoreCase);
            foreach (Match url in CssUrl().Matches(text))
            {
                Assert.Matches("^(data:|[a-z0-9._-]+$)", url.Groups["url"].Value);
            }
        }

        // The check itself finds what it is there to find.
        Assert.Matches(ExternalUrl(), "<script src=\"https://cdn.example.com\"></script>");
        Assert.Matches(ExternalUrl(), "@import url(//fonts.googleapis.com/css?family=Inter);");
        Assert.Matches(ExternalUrl(), "fetch('http://127.0.0.1:6333/collections')");
    }

    [Fact]
    public void The_page_is_served_as_written_with_no_build_step()
    {
        // The page is plain HTML, CSS and ES modules: what the server embeds is, byte for byte, the files in the source tree, and the
        // source tree holds nothing that a bundler or compiler would turn into them.
        var folder = Path.Combine(TestPaths.RepositoryRoot, "src", "Splade.Server", "Dashboard", "wwwroot");
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, DashboardMiddleware.FileNames.Order(StringComparer.Ordinal));
        foreach (var name in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(folder, name)).AsSpan().SequenceEqual(Embedded(name)), $"{name} differs from its source");
            Assert.DoesNotMatch("\\.(ts|tsx|jsx|scss|less|vue|svelte|map)$", name);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "src", "Splade.Server", "Dashboard"), "package.json",
            SearchOption.AllDirectories));
    }

    private static byte[] Embedded(string name)
    {
        using var stream = typeof(DashboardMiddleware).Assembly.GetManifestResourceStream("dashboard/" + name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [GeneratedRegex("(?:src|href)=\"(?!#)(?<file>[^\"/:]+)\"")]
    private static partial Regex HtmlReference();

    [GeneratedRegex("""from '\./(?<file>[^']+)'""")]
    private static partial Regex ModuleImport();

    /// <summary>An address with a host: <c>https://host</c>, <c>http://host</c>, or protocol-relative <c>//host.name</c>.</summary>
    [GeneratedRegex("""(?:https?:)?//(?:[a-z0-9-]+\.)+[a-z0-9-]+|https?://[a-z0-9-]+""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex("""url\(\s*['"]?(?<url>[^'")\s]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
