using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Splade.Checkpoints.Hub;

/// <summary>
/// Downloads a model repository from the Hugging Face hub into <see cref="HubCache"/>, the way huggingface_hub does: the revision's
/// file list from <c>/api/models/{repo}/revision/{revision}</c>, then per file a HEAD on <c>/{repo}/resolve/{revision}/{path}</c>
/// (commit in <c>X-Repo-Commit</c>, hash in <c>X-Linked-Etag</c> or <c>ETag</c>, size in <c>X-Linked-Size</c> or Content-Length;
/// large files answer with a redirect to their storage) and a GET that resumes a partial blob with an HTTP range.
/// </summary>
/// <remarks>
/// Each blob is verified before it enters the cache: its size, and its hash (SHA-256 for large files stored with LFS, the git
/// blob SHA-1 for the others). A reply that fails either is discarded and reported. Network failures and 5xx/429 replies are
/// retried with exponential backoff. The snapshot's links and the ref are written only after the blob is verified, so a killed
/// pull leaves only <c>.incomplete</c> blobs, which the next pull resumes.
/// <para>Thread safety: every member may be called from any thread at the same time (one HttpClient, used concurrently); files are downloaded to a partial
/// name and moved into place. Dispose once no call is running.</para>
/// </remarks>
public sealed class HubClient : IDisposable
{
    /// <summary>Files fetched from a repository: configuration, tokenizer, model card and weights (not other frameworks' exports).</summary>
    private static readonly string[] SkippedExtensions =
        [".onnx", ".h5", ".msgpack", ".ot", ".tflite", ".mlmodel", ".ckpt", ".gguf", ".onnx_data", ".xml", ".pt", ".pth"];

    private static readonly string[] SkippedFolders = ["onnx/", "openvino/", "coreml/", "tf/", "flax/"];

    private readonly HttpClient _http;
    private readonly HubEnvironment _environment;
    private readonly HubCache _cache;
    private readonly TimeSpan _firstRetryDelay;
    private readonly int _attempts;

    /// <summary>Creates a client.</summary>
    /// <param name="environment">Endpoint, cache, token and offline mode.</param>
    /// <param name="handler">The HTTP handler (tests pass their own), or null for a default one.</param>
    /// <param name="attempts">Tries per request before a network failure is reported.</param>
    /// <param name="firstRetryDelay">The wait before the first retry; it doubles each time. Null for one second.</param>
    public HubClient(HubEnvironment environment, HttpMessageHandler? handler = null, int attempts = 5, TimeSpan? firstRetryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _cache = new HubCache(environment.CacheRoot);
        _attempts = Math.Max(1, attempts);
        _firstRetryDelay = firstRetryDelay ?? TimeSpan.FromSeconds(1);
        handler ??= new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Splade.NET/" + Conversion.CheckpointConverter.Version.Split('+')[0]);
    }

    /// <summary>Downloads the revision's files into the cache (skipping verified blobs) and returns the snapshot folder.</summary>
    /// <param name="reference">The repository and revision.</param>
    /// <param name="log">Told about each file, or null.</param>
    /// <param name="cancellationToken">Stops the download; a partial blob stays for the next pull to resume.</param>
    /// <exception cref="HubException">The hub refused, a reply failed verification, the network failed after the retries, or offline mode is on.</exception>
    public async Task<string> PullAsync(RepoReference reference, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (_environment.Offline)
        {
            throw new HubException($"HF_HUB_OFFLINE is set, so {reference} cannot be pulled; unset it to use the network.");
        }

        var (commit, files) = await ListFilesAsync(reference, cancellationToken).ConfigureAwait(false);
        var repoFolder = _cache.RepoFolder(reference);
        var snapshot = Path.Combine(repoFolder, "snapshots", commit);
        foreach (var file in Select(files))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await FetchFileAsync(reference, commit, file, repoFolder, snapshot, log, cancellationToken).ConfigureAwait(false);
        }

        if (!reference.IsCommit)
        {
            var refFile = Path.Combine(repoFolder, "refs", reference.Revision);
            Directory.CreateDirectory(Path.GetDirectoryName(refFile)!);
            await File.WriteAllTextAsync(refFile + ".tmp", commit, cancellationToken).ConfigureAwait(false);
            File.Move(refFile + ".tmp", refFile, overwrite: true);
        }

        return snapshot;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Which of the repository's files a SPLADE model needs: safetensors weights win over PyTorch ones in the same folder.</summary>
    internal static List<string> Select(IReadOnlyList<string> files)
    {
        var withSafetensors = files.Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal)).Select(FolderOf).ToHashSet(StringComparer.Ordinal);
        var selected = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (SkippedFolders.Any(folder => file.StartsWith(folder, StringComparison.Ordinal))
                || SkippedExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                || name.StartsWith('.'))
            {
                continue;
            }

            var isBin = name.EndsWith(".bin", StringComparison.Ordinal) || name == "pytorch_model.bin.index.json";
            if (isBin && (withSafetensors.Contains(FolderOf(file)) || !name.StartsWith("pytorch_model", StringComparison.Ordinal)))
            {
                continue;
            }

            selected.Add(file);
        }

        return selected;
    }

    private static string FolderOf(string file) => file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : "";

    private async Task<(string Commit, List<string> Files)> ListFilesAsync(RepoReference reference, CancellationToken cancellationToken)
    {
        var url = $"{_environment.Endpoint}/api/models/{reference.RepoId}/revision/{Uri.EscapeDataString(reference.Revision)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), reference, "the file list", cancellationToken)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var commit = root.GetProperty("sha").GetString() ?? "";
            if (commit.Length != 40 || !commit.All(Uri.IsHexDigit))
            {
                throw new HubException($"{url}: the hub's reply names the commit \"{commit}\", which is not a commit hash.");
            }

            var files = new List<string>();
            foreach (var sibling in root.GetProperty("siblings").EnumerateArray())
            {
                var name = sibling.GetProperty("rfilename").GetString();
                if (string.IsNullOrEmpty(name) || name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name)
                    || name.Contains('\\', StringComparison.Ordinal))
                {
                    throw new HubException($"{url}: the file list names \"{name}\", which is not a safe relative path.");
                }

                files.Add(name);
            }

            return (commit, files);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HubException($"{url}: the reply is not the hub's repository description ({exception.Message}).", exception);
        }
    }

    private async Task FetchFileAsync(
        RepoReference reference, string commit, string file, string repoFolder, string snapshot, Action<string>? log, CancellationToken cancellationToken)
    {
        var url = $"{_environment.Endpoint}/{reference.RepoId}/resolve/{commit}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}";
        var (etag, size, location) = await HeadAsync(url, reference, file, cancellationToken).ConfigureAwait(false);
        var blobs = Path.Combine(repoFolder, "blobs");
        Directory.CreateDirectory(blobs);
        var blob = Path.Combine(blobs, etag);
        var link = Path.Combine(snapshot, file.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(blob) || new FileInfo(blob).Length != size)
        {
            log?.Invoke($"{reference} {file}: {size:N0} bytes");
            await DownloadAsync(location, reference, file, blob, etag, size, cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null)
        {
            File.Delete(link);
        }

        File.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, blob));
    }

    private async Task<(string Etag, long Size, string Location)> HeadAsync(
        string url, RepoReference reference, string file, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; hop < 5; hop++)
        {
            var target = current;
            using var response = await SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Head, target);
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
                    return request;
                },
                reference,
                file,
                cancellationToken).ConfigureAwait(false);
            var etag = Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag;
            var sizeText = Header(response, "X-Linked-Size")
                ?? response.Content.Headers.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var location = response.Headers.Location;
            if (IsRedirect(response.StatusCode) && location is not null && (etag is null || !location.IsAbsoluteUri))
            {
                // A relative redirect (a renamed repository) is followed; an absolute one is the file's storage, fetched below.
                current = new Uri(new Uri(target), location).ToString();
                continue;
            }

            etag = etag?.Replace("W/", "", StringComparison.Ordinal).Trim('"');
            if (string.IsNullOrEmpty(etag) || !etag.All(char.IsAsciiLetterOrDigit) || !long.TryParse(sizeText, out var size) || size < 0)
            {
                throw new HubException($"{reference} {file}: the hub's reply to HEAD {target} has no usable ETag or size, so the file cannot be verified.");
            }

            var download = location is not null && IsRedirect(response.StatusCode) ? new Uri(new Uri(target), location).ToString() : target;
            return (etag, size, download);
        }

        throw new HubException($"{reference} {file}: too many redirects from {url}.");
    }

    private async Task DownloadAsync(string url, RepoReference reference, string file, string blob, string etag, long size, CancellationToken cancellationToken)
    {
        var partial = blob + ".incomplete";
        for (var attempt = 1; ; attempt++)
        {
            var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (have > size)
            {
                File.Delete(partial);
                have = 0;
            }

            try
            {
                if (have < size)
                {
                    using var response = await SendAsync(
                        () =>
                        {
                            var request = new HttpRequestMessage(HttpMethod.Get, url);
                            if (have > 0)
                            {
                                request.Headers.Range = new RangeHeaderValue(have, null);
                            }

                            return request;
                        },
                        reference,
                        file,
                        cancellationToken).ConfigureAwait(false);
                    var append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
                    var target = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    await using (target.ConfigureAwait(false))
                    {
                        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                        await using (body.ConfigureAwait(false))
                        {
                            await body.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                break;
            }
            catch (Exception exception)
                when (exception is HttpRequestException or IOException && attempt < _attempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_firstRetryDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException)
            {
                throw new HubException(
                    $"{reference} {file}: the download failed after {attempt} tries ({exception.Message}); run the pull again to resume it.", exception);
            }
        }

        Verify(partial, reference, file, etag, size);
        File.Move(partial, blob, overwrite: true);
    }

    /// <summary>Checks the size and the hash the hub announced; a file that fails is deleted.</summary>
    private static void Verify(string partial, RepoReference reference, string file, string etag, long size)
    {
        var length = new FileInfo(partial).Length;
        string? problem = null;
        if (length != size)
        {
            problem = $"the hub announced {size:N0} bytes but sent {length:N0}";
        }
        else if (etag.Length == 64)
        {
            using var stream = File.OpenRead(partial);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
            problem = string.Equals(sha256, etag, StringComparison.OrdinalIgnoreCase) ? null : $"its SHA-256 is {sha256} but the hub announced {etag}";
        }
        else if (etag.Length == 40)
        {
            var sha1 = GitBlobSha1(partial, length);
            problem = string.Equals(sha1, etag, StringComparison.OrdinalIgnoreCase) ? null : $"its git blob SHA-1 is {sha1} but the hub announced {etag}";
        }

        if (problem is not null)
        {
            File.Delete(partial);
            throw new HubException(
                $"{reference} {file}: the download is not what the hub said it is: {problem}. It was discarded; nothing was added to the cache.");
        }
    }

    private static string GitBlobSha1(string path, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(System.Text.Encoding.ASCII.GetBytes($"blob {length}\0"));
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Sends with the token, retrying network failures, 429 and 5xx with backoff; hub errors become <see cref="HubException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, RepoReference reference, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            if (_environment.Token is { } token && IsHub(request.RequestUri!))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage? response = null;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (attempt < _attempts)
            {
                _ = exception;
            }
            catch (HttpRequestException exception)
            {
                throw new HubException(
                    $"{reference} {what}: {request.RequestUri} could not be reached after {attempt} tries ({exception.Message}).", exception);
            }

            if (response is not null)
            {
                var status = (int)response.StatusCode;
                if (status < 400)
                {
                    return response;
                }

                if ((status >= 500 || status == 429) && attempt < _attempts)
                {
                    response.Dispose();
                }
                else
                {
                    using (response)
                    {
                        throw HubError(response, reference, what);
                    }
                }
            }

            await Task.Delay(_firstRetryDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsHub(Uri uri) => uri.ToString().StartsWith(_environment.Endpoint, StringComparison.Ordinal);

    private HubException HubError(HttpResponseMessage response, RepoReference reference, string what)
    {
        var code = Header(response, "X-Error-Code");
        var hubMessage = Header(response, "X-Error-Message");
        var detail = hubMessage is null ? "" : $" (the hub says: {hubMessage})";
        var status = (int)response.StatusCode;
        var message = code switch
        {
            "RepoNotFound" => $"the repository {reference.RepoId} does not exist on {_environment.Endpoint}, or it is private and "
                + (_environment.Token is null
                    ? "no token was given: set HF_TOKEN (or HF_TOKEN_PATH) to a token that can read it."
                    : "the token in use cannot read it."),
            "GatedRepo" => $"the repository {reference.RepoId} is gated: accept its conditions on its hub page, "
                + "then set HF_TOKEN (or HF_TOKEN_PATH) to a token of that account"
                + (_environment.Token is null ? " (no token was given)." : " (the token in use has no access yet)."),
            "RevisionNotFound" => $"the repository {reference.RepoId} has no revision {reference.Revision}.",
            "EntryNotFound" => $"the file {what} is not in {reference} (revision {reference.Revision}).",
            _ when status == 401 => $"the hub refused the request for {what} (401): set HF_TOKEN to a valid token.",
            _ => $"the hub answered {status} {response.ReasonPhrase} for {what}.",
        };
        return new HubException($"{reference}: {message}{detail}") { ErrorCode = code };
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()
            : response.Content.Headers.TryGetValues(name, out var content) ? content.FirstOrDefault() : null;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;
}
