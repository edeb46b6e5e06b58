using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Conversion;

/// <summary>
/// Checkpoints converted on first use, kept under <c>$SPLADE_MODEL_CACHE</c> (else <c>$XDG_CACHE_HOME/splade/models</c>, else
/// <c>~/.cache/splade/models</c>: where the shipped model is unpacked), one folder per weights hash and conversion setting.
/// </summary>
/// <remarks>
/// The folder is named <c>converted-&lt;first 16 hex digits of the weights' SHA-256&gt;-&lt;float32|int8&gt;</c>, so the same weights
/// reached through another path (a copy, the hub cache) reuse one conversion, and changed weights get a new one. A lock file
/// keeps two processes from converting the same weights at once; the converter writes through a staging folder, so a killed
/// conversion leaves no folder that looks complete (a leftover staging folder is removed by the next conversion).
/// <para>Thread safety: every member may be called from any thread and from several processes at once: a lock file serializes conversions into one cache
/// folder.</para>
/// </remarks>
public static class ConvertedModelCache
{
    /// <summary>The environment variable that moves the cache (shared with the shipped model).</summary>
    public const string CacheVariable = "SPLADE_MODEL_CACHE";

    /// <summary>The cache root, as described on the class.</summary>
    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } explicitRoot)
        {
            return Path.GetFullPath(explicitRoot);
        }

        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "splade", "models");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "splade", "models") : Path.Combine(Path.GetTempPath(), "splade", "models");
    }

    /// <summary>Returns the converted folder of <paramref name="checkpointFolder"/>, converting it first if the cache has none.</summary>
    /// <param name="checkpointFolder">A checkpoint folder (config.json, weights, tokenizer).</param>
    /// <param name="options">Conversion settings (int8 or not).</param>
    /// <param name="root">The cache root; null for <see cref="DefaultRoot"/>.</param>
    /// <param name="log">Told when a conversion starts (the CLI prints it), or null.</param>
    /// <exception cref="CheckpointException">The checkpoint cannot be converted.</exception>
    public static string GetOrConvert(string checkpointFolder, ConversionOptions? options = null, string? root = null, Action<string>? log = null)
    {
        options ??= new ConversionOptions();
        var hash = CheckpointWeights.Open(Path.GetFullPath(checkpointFolder)).ContentHash();
        var variant = (options.QuantizeInt8 ? "int8" : "float32")
            + (options.Output == Graph.GraphOutput.Logits ? "" : "-" + options.Output.ToString().ToLowerInvariant());
        var name = $"converted-{hash[..16]}-{variant}";
        return GetOrCreate(root, name, target => CheckpointConverter.Convert(checkpointFolder, target, options), checkpointFolder, log);
    }

    /// <summary>
    /// Returns the cache folder <paramref name="name"/>, creating it first with <paramref name="convert"/> (which must write
    /// through a staging folder) under a lock, when no complete folder of that name exists; leftover staging folders of a killed
    /// conversion are removed.
    /// </summary>
    internal static string GetOrCreate(string? root, string name, Func<string, string> convert, string description, Action<string>? log)
    {
        root = Path.GetFullPath(root ?? DefaultRoot());
        var target = Path.Combine(root, name);
        if (IsComplete(target))
        {
            return target;
        }

        Directory.CreateDirectory(root);
        using var exclusive = AcquireLock(target + ".lock");
        if (IsComplete(target))
        {
            return target;
        }

        foreach (var leftover in Directory.EnumerateDirectories(root, StagedFolder.LeftoverPattern(name)))
        {
            Directory.Delete(leftover, recursive: true);
        }

        log?.Invoke($"converting {description} to ONNX (once) into {target}");
        return convert(target);
    }

    private static bool IsComplete(string folder)
        => File.Exists(Path.Combine(folder, CheckpointConverter.RecordFile)) && File.Exists(Path.Combine(folder, "onnx", "model.onnx"));

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
