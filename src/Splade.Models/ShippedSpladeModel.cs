using System.Reflection;

namespace Splade.Models;

/// <summary>
/// The SPLADE model shipped inside this assembly (splade-minilm-l6, trained for Splade.NET; see its model card), unpacked on
/// first use into a model folder that the encoder loads like any other.
/// </summary>
/// <remarks>
/// <para>Reference this package (Splade.Models) to have the model: <c>SpladeEncoder.LoadDefault()</c> and every command or service
/// that is given no model folder find it here, and fail with a message saying to add this package when it is absent. Splade.Encoding
/// does not reference it, so a user who brings a model does not download this one.</para>
/// <para>
/// The folder is named after the assembly's module version id, so a rebuilt assembly with another model never reuses an old
/// folder. Unpacking holds a lock file (one thread or process at a time), writes into a private staging folder and renames it
/// into place once every file is written, so a crash never leaves a half-written model folder behind; a folder whose files do
/// not match the embedded resources (a file deleted or truncated by hand) is unpacked again.
/// </para>
/// <para>Thread safety: every member may be called from any thread, and from several processes sharing one cache folder.</para>
/// </remarks>
public static class ShippedSpladeModel
{
    /// <summary>The model's name, as reports and folder names show it.</summary>
    public const string Name = "splade-minilm-l6";

    /// <summary>The environment variable that chooses where shipped models are unpacked.</summary>
    public const string CacheVariable = "SPLADE_MODEL_CACHE";

    private const string ResourcePrefix = "models/" + Name + "/";
    private const string CompleteMarker = ".complete";

    /// <summary>Unpacks the model, unless an identical copy is already there, and returns its folder.</summary>
    /// <param name="cacheRoot">The folder that holds unpacked models; null for <see cref="DefaultCacheRoot"/>.</param>
    /// <returns>The model folder's full path.</returns>
    /// <exception cref="IOException">The folder could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static string Unpack(string? cacheRoot = null)
    {
        var assembly = typeof(ShippedSpladeModel).Assembly;
        var resources = Resources(assembly);
        var root = Path.GetFullPath(cacheRoot ?? DefaultCacheRoot());
        var target = Path.Combine(root, $"{Name}-{assembly.ManifestModule.ModuleVersionId:N}");
        if (Matches(target, assembly, resources))
        {
            return target;
        }

        Directory.CreateDirectory(root);
        using var exclusive = AcquireLock(target + ".lock");
        if (Matches(target, assembly, resources))
        {
            return target;
        }

        var staging = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            foreach (var resource in resources)
            {
                var path = Path.Combine(staging, RelativePath(resource));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var source = Open(assembly, resource);
                using var file = File.Create(path);
                source.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            File.WriteAllText(Path.Combine(staging, CompleteMarker), Name + "\n");
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }

    /// <summary>
    /// Where models are unpacked: <c>$SPLADE_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/splade/models</c>, else
    /// <c>~/.cache/splade/models</c>, else the temporary folder's <c>splade/models</c>.
    /// </summary>
    public static string DefaultCacheRoot()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } explicitRoot)
        {
            return explicitRoot;
        }

        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "splade", "models");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0
            ? Path.Combine(home, ".cache", "splade", "models")
            : Path.Combine(Path.GetTempPath(), "splade", "models");
    }

    /// <summary>An exclusive lock file: one thread or process at a time unpacks or repairs a model folder.</summary>
    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string[] Resources(Assembly assembly)
    {
        var names = Array.FindAll(assembly.GetManifestResourceNames(), n => n.Replace('\\', '/').StartsWith(ResourcePrefix, StringComparison.Ordinal));
        return names.Length > 0
            ? names
            : throw new InvalidOperationException($"The assembly {assembly.GetName().Name} carries no embedded files of the {Name} model.");
    }

    private static string RelativePath(string resource) => resource.Replace('\\', '/')[ResourcePrefix.Length..].Replace('/', Path.DirectorySeparatorChar);

    private static Stream Open(Assembly assembly, string resource)
        => assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"The embedded file {resource} could not be opened.");

    private static bool Matches(string folder, Assembly assembly, string[] resources)
    {
        if (!File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            return false;
        }

        foreach (var resource in resources)
        {
            var path = Path.Combine(folder, RelativePath(resource));
            using var source = Open(assembly, resource);
            if (!File.Exists(path) || new FileInfo(path).Length != source.Length)
            {
                return false;
            }
        }

        return true;
    }
}
