namespace Splade.Encoding;

/// <summary>Resolves which model folder to load when the caller may not name one.</summary>
/// <remarks>
/// Today a folder must be given. The resolution point exists so that a default model (shipped or downloaded once) can be
/// returned for <c>null</c> later without changing any caller.
/// </remarks>
public static class ModelLocator
{
    /// <summary>Returns the folder to load.</summary>
    /// <param name="modelFolder">The folder the user named, or null for the default model.</param>
    /// <exception cref="ModelLoadException">No folder was named and no default model is installed.</exception>
    public static string Resolve(string? modelFolder)
        => string.IsNullOrWhiteSpace(modelFolder)
            ? throw new ModelLoadException("No model folder was given and no default model is installed; pass the folder of a SPLADE model exported to ONNX.")
            : Path.GetFullPath(modelFolder);
}
