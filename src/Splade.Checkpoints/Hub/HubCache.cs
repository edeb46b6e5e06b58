using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Hub;

/// <summary>
/// The Hugging Face hub cache in its standard layout, shared with Python tools: <c>models--org--name/blobs/&lt;etag&gt;</c> (file
/// contents named by their hash), <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> (relative links to the blobs) and
/// <c>refs/&lt;revision&gt;</c> (the commit a branch or tag pointed to when it was fetched).
/// </summary>
/// <remarks>Thread safety: holds only its root folder; every member may be called from any thread at the same time.</remarks>
public sealed class HubCache
{
    /// <summary>Opens the cache at <paramref name="root"/>.</summary>
    public HubCache(string root) => Root = Path.GetFullPath(root);

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>The repository's folder.</summary>
    public string RepoFolder(RepoReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Path.Combine(Root, reference.CacheFolderName);
    }

    /// <summary>The commit the revision resolves to in the cache, or null when the cache has never fetched it.</summary>
    public string? CommitOf(RepoReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.IsCommit)
        {
            return Directory.Exists(Path.Combine(RepoFolder(reference), "snapshots", reference.Revision)) ? reference.Revision : null;
        }

        var refFile = Path.Combine(RepoFolder(reference), "refs", reference.Revision);
        return File.Exists(refFile) ? File.ReadAllText(refFile).Trim() : null;
    }

    /// <summary>The cached snapshot folder of the revision, or null when it is not cached.</summary>
    public string? SnapshotFolder(RepoReference reference)
    {
        var commit = CommitOf(reference);
        var folder = commit is null ? null : Path.Combine(RepoFolder(reference), "snapshots", commit);
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }

    /// <summary>
    /// Checks that a cached snapshot can be loaded: every link reaches its blob, and it holds a config.json with weights or an
    /// ONNX model (or a sentence-transformers layout). Returns the problem, or null when it is complete.
    /// </summary>
    public static string? ProblemOf(string snapshot)
    {
        foreach (var file in Directory.EnumerateFileSystemEntries(snapshot, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
            {
                return $"{Path.GetRelativePath(snapshot, file)} points to a blob that is missing (a pull was interrupted)";
            }
        }

        if (File.Exists(Path.Combine(snapshot, "modules.json")) || File.Exists(Path.Combine(snapshot, "router_config.json")))
        {
            return null;
        }

        if (!File.Exists(Path.Combine(snapshot, "config.json")))
        {
            return "it has no config.json";
        }

        var hasOnnx = File.Exists(Path.Combine(snapshot, "onnx", "model.onnx")) || File.Exists(Path.Combine(snapshot, "model.onnx"));
        return hasOnnx || CheckpointWeights.FindWeightsFile(snapshot) is not null ? null : "it has neither weights nor an ONNX model";
    }

    /// <summary>The cached models: repository, revisions, size on disk and licence (from the model card).</summary>
    public IReadOnlyList<CachedModel> List()
    {
        var models = new List<CachedModel>();
        if (!Directory.Exists(Root))
        {
            return models;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root, "models--*").Order(StringComparer.Ordinal))
        {
            var repoId = Path.GetFileName(folder)["models--".Length..].Replace("--", "/", StringComparison.Ordinal);
            var refs = new List<string>();
            var refsFolder = Path.Combine(folder, "refs");
            if (Directory.Exists(refsFolder))
            {
                foreach (var file in Directory.EnumerateFiles(refsFolder, "*", SearchOption.AllDirectories))
                {
                    var commit = File.ReadAllText(file).Trim();
                    refs.Add($"{Path.GetRelativePath(refsFolder, file).Replace('\\', '/')} -> {commit[..Math.Min(12, commit.Length)]}");
                }
            }

            var blobs = Path.Combine(folder, "blobs");
            var size = Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs).Sum(f => new FileInfo(f).Length) : 0;
            var snapshots = Path.Combine(folder, "snapshots");
            var latest = Directory.Exists(snapshots)
                ? Directory.EnumerateDirectories(snapshots).OrderByDescending(Directory.GetLastWriteTimeUtc).FirstOrDefault()
                : null;
            var licence = latest is null ? null : ModelCard.License(Path.Combine(latest, "README.md"));
            var problem = latest is null ? "no snapshot" : ProblemOf(latest);
            models.Add(new CachedModel(repoId, refs, size, licence, problem));
        }

        return models;
    }
}
