using System.Reflection;

namespace Splade.Encoding;

/// <summary>Resolves which SPLADE model folder to load when the caller may not name one.</summary>
/// <remarks>
/// <para>With no folder named, the answer is the model that ships with Splade.NET, <see cref="DefaultModelName"/>. It lives in the
/// Splade.Models package, which this library does not reference (a user who brings a model does not download it): reference
/// Splade.Models to have it. It is unpacked on first use under <c>$SPLADE_MODEL_CACHE</c> (else <c>$XDG_CACHE_HOME/splade/models</c>,
/// else <c>~/.cache/splade/models</c>).</para>
/// <para>Thread safety: every member may be called from any thread.</para>
/// </remarks>
public static class ModelLocator
{
    /// <summary>The name of the SPLADE model that ships with Splade.NET.</summary>
    public const string DefaultModelName = "splade-minilm-l6";

    private const string ShippedModelType = "Splade.Models.ShippedSpladeModel, Splade.Models";
    private const string CacheVariable = "SPLADE_MODEL_CACHE";

    /// <summary>Returns the folder to load.</summary>
    /// <param name="modelFolder">The folder the user named, or null (or blank) for the shipped default model.</param>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="ModelLoadException">No folder was named and the shipped model is not installed or could not be unpacked.</exception>
    public static string Resolve(string? modelFolder)
        => string.IsNullOrWhiteSpace(modelFolder) ? DefaultModelFolder() : Path.GetFullPath(modelFolder);

    /// <summary>The short name of the model in <paramref name="modelFolder"/> (its folder's name), or <see cref="DefaultModelName"/>.</summary>
    /// <param name="modelFolder">The folder the user named, or null for the shipped default model.</param>
    public static string DisplayName(string? modelFolder)
        => string.IsNullOrWhiteSpace(modelFolder)
            ? DefaultModelName
            : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder)));

    /// <summary>Unpacks the shipped model if needed and returns its folder.</summary>
    /// <exception cref="ModelLoadException">The Splade.Models package is not referenced, or the model could not be unpacked (for
    /// example, the cache folder is not writable).</exception>
    public static string DefaultModelFolder()
    {
        var unpack = FindUnpack() ?? throw new ModelLoadException(
            $"No SPLADE model folder was named, and the shipped model {DefaultModelName} is not installed: add a reference to the " +
            "Splade.Models package (dotnet add package Splade.Models), or name a model folder.");
        try
        {
            return (string)unpack.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [null], culture: null)!;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(
                $"The shipped model {DefaultModelName} could not be unpacked: {exception.Message} Set {CacheVariable} to a writable folder.",
                exception);
        }
    }

    /// <summary>Splade.Models' <c>ShippedSpladeModel.Unpack(string?)</c>, when that assembly can be loaded.</summary>
    private static MethodInfo? FindUnpack()
    {
        Type? type;
        try
        {
            type = Type.GetType(ShippedModelType, throwOnError: false);
        }
        catch (Exception exception) when (exception is FileLoadException or BadImageFormatException)
        {
            return null;
        }

        return type?.GetMethod("Unpack", BindingFlags.Public | BindingFlags.Static, [typeof(string)]);
    }
}
