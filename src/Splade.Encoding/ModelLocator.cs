using Splade.Models;

namespace Splade.Encoding;

/// <summary>Resolves which SPLADE model folder to load when the caller may not name one.</summary>
/// <remarks>
/// With no folder named, the answer is the model that ships with Splade.NET, <see cref="DefaultModelName"/>: it is embedded in
/// the Splade.Models assembly and unpacked on first use under <c>$SPLADE_MODEL_CACHE</c> (else <c>$XDG_CACHE_HOME/splade/models</c>,
/// else <c>~/.cache/splade/models</c>).
/// </remarks>
public static class ModelLocator
{
    /// <summary>The name of the SPLADE model that ships with Splade.NET.</summary>
    public const string DefaultModelName = ShippedSpladeModel.Name;

    /// <summary>Returns the folder to load.</summary>
    /// <param name="modelFolder">The folder the user named, or null (or blank) for the shipped default model.</param>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="ModelLoadException">No folder was named and the shipped model could not be unpacked.</exception>
    public static string Resolve(string? modelFolder)
        => string.IsNullOrWhiteSpace(modelFolder) ? DefaultModelFolder() : Path.GetFullPath(modelFolder);

    /// <summary>The short name of the model in <paramref name="modelFolder"/> (its folder's name), or <see cref="DefaultModelName"/>.</summary>
    /// <param name="modelFolder">The folder the user named, or null for the shipped default model.</param>
    public static string DisplayName(string? modelFolder)
        => string.IsNullOrWhiteSpace(modelFolder)
            ? DefaultModelName
            : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder)));

    /// <summary>Unpacks the shipped model if needed and returns its folder.</summary>
    /// <exception cref="ModelLoadException">The model could not be unpacked (for example, the cache folder is not writable).</exception>
    public static string DefaultModelFolder()
    {
        var root = ShippedSpladeModel.DefaultCacheRoot();
        try
        {
            return ShippedSpladeModel.Unpack(root);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(
                $"The shipped model {DefaultModelName} could not be unpacked under {root}: {exception.Message} Set " +
                $"{ShippedSpladeModel.CacheVariable} to a writable folder.",
                exception) { FilePath = root };
        }
    }
}
