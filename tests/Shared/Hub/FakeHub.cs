using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace Splade.Tests.Shared.Hub;

/// <summary>
/// A loopback HTTP server in the Hugging Face hub's URL layout, serving one folder as repository <c>org/tiny</c>: the revision
/// API, HEAD and GET on <c>/{repo}/resolve/{revision}/{file}</c> with X-Repo-Commit and ETag (git blob SHA-1), large files as a
/// redirect to <c>/cdn/{sha256}</c> with X-Linked-Etag and X-Linked-Size, range requests, and X-Error-Code errors. The hub
/// client's tests and the CLI's pull tests share it.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    public const string Repo = "org/tiny";
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FakeHub(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            _files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        }

        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Endpoint { get; }

    /// <summary>Requests seen: "METHOD path [range]".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>How many more requests get 503 before the server answers normally.</summary>
    public int FailNext { get; set; }

    /// <summary>A file whose bytes are altered in transit (headers still announce the original).</summary>
    public string? CorruptFile { get; set; }

    /// <summary>The next large-file GET stops after this many bytes (the connection is cut).</summary>
    public int? CutAfterBytes { get; set; }

    /// <summary>A body that replaces the revision API's JSON (a proxy's page, a hostile file list), or null.</summary>
    public string? ApiReply { get; set; }

    /// <summary>The token the server requires for the gated repository <c>org/gated</c>.</summary>
    public string GatedToken { get; set; } = "secret";

    public static bool IsLarge(string file) => file.EndsWith(".safetensors", StringComparison.Ordinal) || file.EndsWith(".bin", StringComparison.Ordinal);

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Git's blob id, which is SHA-1 by definition (an identifier the hub sends, not a security measure).</summary>
#pragma warning disable CA5350
    public static string GitSha1(byte[] data)
        => Convert.ToHexStringLower(SHA1.HashData([.. System.Text.Encoding.ASCII.GetBytes($"blob {data.Length}\0"), .. data]));
#pragma warning restore CA5350

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away or the connection was cut on purpose.
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        Requests.Enqueue($"{request.HttpMethod} {path} {request.Headers["Range"]}".TrimEnd());
        if (FailNext > 0)
        {
            FailNext--;
            Finish(response, 503);
            return;
        }

        if (path.StartsWith("/api/models/", StringComparison.Ordinal))
        {
            var rest = path["/api/models/".Length..];
            if (!Authorised(rest, request, response))
            {
                return;
            }

            if (!rest.StartsWith(Repo + "/revision/", StringComparison.Ordinal))
            {
                Error(response, 404, "RepoNotFound", "Repository not found");
                return;
            }

            var revision = rest[(Repo + "/revision/").Length..];
            if (revision != "main" && revision != Commit)
            {
                Error(response, 404, "RevisionNotFound", "Invalid rev id: " + revision);
                return;
            }

            if (ApiReply is not null)
            {
                Send(response, System.Text.Encoding.UTF8.GetBytes(ApiReply), 200);
                return;
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = Repo,
                sha = Commit,
                siblings = _files.Keys.Order(StringComparer.Ordinal).Select(f => new { rfilename = f }),
                cardData = new { license = "apache-2.0" },
            });
            response.ContentType = "application/json";
            Send(response, body, 200);
            return;
        }

        if (path.StartsWith("/cdn/", StringComparison.Ordinal))
        {
            var sha = path["/cdn/".Length..];
            var (name, data) = _files.First(pair => Sha256(pair.Value) == sha);
            SendRange(request, response, Payload(name, data));
            return;
        }

        var prefix = "/" + Repo + "/resolve/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            if (Authorised(path.TrimStart('/'), request, response))
            {
                Error(response, 404, "RepoNotFound", "Repository not found");
            }

            return;
        }

        var afterRevision = path[prefix.Length..];
        var slash = afterRevision.IndexOf('/', StringComparison.Ordinal);
        var file = afterRevision[(slash + 1)..];
        if (!_files.TryGetValue(file, out var content))
        {
            Error(response, 404, "EntryNotFound", "Entry not found");
            return;
        }

        response.Headers["X-Repo-Commit"] = Commit;
        if (IsLarge(file))
        {
            response.Headers["X-Linked-Etag"] = $"\"{Sha256(content)}\"";
            response.Headers["X-Linked-Size"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["ETag"] = $"\"{GitSha1(System.Text.Encoding.ASCII.GetBytes("lfs pointer"))}\"";
            response.Redirect($"{Endpoint}/cdn/{Sha256(content)}");
            response.StatusCode = 302;
            response.Close();
            return;
        }

        response.Headers["ETag"] = $"\"{GitSha1(content)}\"";
        if (request.HttpMethod == "HEAD")
        {
            response.ContentLength64 = content.Length;
            response.StatusCode = 200;
            response.Close();
            return;
        }

        SendRange(request, response, Payload(file, content));
    }

    private bool Authorised(string repoPath, HttpListenerRequest request, HttpListenerResponse response)
    {
        if (repoPath.StartsWith("org/gated", StringComparison.Ordinal) && request.Headers["Authorization"] != $"Bearer {GatedToken}")
        {
            Error(response, 401, "GatedRepo", "Access to model org/gated is restricted.");
            return false;
        }

        return true;
    }

    private byte[] Payload(string name, byte[] data)
    {
        if (name != CorruptFile)
        {
            return data;
        }

        var copy = (byte[])data.Clone();
        copy[copy.Length / 2] ^= 0xff;
        return copy;
    }

    private void SendRange(HttpListenerRequest request, HttpListenerResponse response, byte[] data)
    {
        var start = 0;
        var range = request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{data.Length - 1}/{data.Length}";
        }

        response.ContentLength64 = data.Length - start;
        if (request.HttpMethod == "HEAD")
        {
            response.Close();
            return;
        }

        if (CutAfterBytes is { } cut && data.Length - start > cut)
        {
            CutAfterBytes = null;
            response.OutputStream.Write(data, start, cut);
            response.OutputStream.Flush();
            response.Abort();
            return;
        }

        response.OutputStream.Write(data, start, data.Length - start);
        response.Close();
    }

    private static void Error(HttpListenerResponse response, int status, string code, string message)
    {
        response.Headers["X-Error-Code"] = code;
        response.Headers["X-Error-Message"] = message;
        Send(response, System.Text.Encoding.UTF8.GetBytes($"{{\"error\":\"{message}\"}}"), status);
    }

    private static void Finish(HttpListenerResponse response, int status)
    {
        response.StatusCode = status;
        response.Close();
    }

    private static void Send(HttpListenerResponse response, byte[] body, int status)
    {
        response.StatusCode = status;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }
}
