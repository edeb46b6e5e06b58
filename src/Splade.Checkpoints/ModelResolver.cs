using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Hub;
using Splade.Checkpoints.SentenceTransformers;
using Splade.Checkpoints.Weights;
using Splade.Encoding;

namespace Splade.Checkpoints;

/// <summary>
/// Turns whatever a user passes as <c>--model</c> into a model folder the SPLADE encoder loads: nothing (the shipped model), a
/// model folder with ONNX, a checkpoint folder without ONNX (converted once into <see cref="ConvertedModelCache"/>), a
/// sentence-transformers SparseEncoder folder, or a hub id <c>org/name[@revision]</c> found in the Hugging Face cache.
/// </summary>
/// <remarks>An existing folder always wins over a hub id of the same spelling. Nothing is downloaded here: a hub id that is not
/// cached gives an error naming the <c>splade model pull</c> command that fetches it.
/// <para>Thread safety: every member may be called from any thread at the same time; downloads and conversions go through HubClient and ConvertedModelCache,
/// which say how they share their folders.</para>
/// </remarks>
public static class ModelResolver
{
    /// <summary>Resolves <paramref name="model"/>.</summary>
    /// <param name="model">The user's value, or null for the shipped model.</param>
    /// <param name="hub">Hub settings (cache location); null reads the environment.</param>
    /// <param name="convertedRoot">Where conversions are kept; null for <see cref="ConvertedModelCache.DefaultRoot"/>.</param>
    /// <param name="log">Told when a conversion starts, or null.</param>
    /// <returns>The folder to load.</returns>
    /// <exception cref="ModelLoadException">The folder has neither ONNX nor weights, or the id is not a folder nor a cached model.</exception>
    /// <exception cref="CheckpointException">The checkpoint cannot be converted.</exception>
    /// <exception cref="HubException">The cached snapshot is incomplete.</exception>
    public static string Resolve(string? model, HubEnvironment? hub = null, string? convertedRoot = null, Action<string>? log = null)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return ModelLocator.DefaultModelFolder();
        }

        if (Directory.Exists(model))
        {
            return ResolveFolder(Path.GetFullPath(model), convertedRoot, log);
        }

        if (RepoReference.TryParse(model, out var reference))
        {
            hub ??= HubEnvironment.FromEnvironment();
            var cache = new HubCache(hub.CacheRoot);
            var snapshot = cache.SnapshotFolder(reference)
                ?? throw new ModelLoadException(
                    $"{model} is neither a folder nor a model in the Hugging Face cache ({hub.CacheRoot}); fetch it with: splade model pull {reference}")
                { FilePath = cache.RepoFolder(reference) };
            if (HubCache.ProblemOf(snapshot) is { } problem)
            {
                throw new HubException($"The cached snapshot of {reference} ({snapshot}) is incomplete: {problem}. Run: splade model pull {reference}");
            }

            return ResolveFolder(snapshot, convertedRoot, log);
        }

        throw new ModelLoadException($"The model folder {Path.GetFullPath(model)} does not exist (and '{model}' is not a hub id org/name[@revision]).")
        { FilePath = Path.GetFullPath(model) };
    }

    /// <summary>Converts a checkpoint folder or a sentence-transformers SparseEncoder folder into <paramref name="outputFolder"/>.</summary>
    /// <param name="folder">The folder to convert.</param>
    /// <param name="outputFolder">The model folder to write (replaced if it exists).</param>
    /// <param name="quantizeInt8">Whether to quantize the matrix multiplications to int8.</param>
    /// <returns>The written folder's full path.</returns>
    /// <exception cref="CheckpointException">The folder cannot be converted; nothing is written.</exception>
    public static string Convert(string folder, string outputFolder, bool quantizeInt8 = false)
        => SentenceTransformersLayout.IsLayout(folder)
            ? SentenceTransformersLayout.Read(folder).Convert(Path.GetFullPath(outputFolder), quantizeInt8)
            : CheckpointConverter.Convert(folder, outputFolder, new ConversionOptions { QuantizeInt8 = quantizeInt8 });

    /// <summary>The short name of the model for reports: the shipped model's name, a hub id, or the folder's name.</summary>
    public static string DisplayName(string? model)
        => string.IsNullOrWhiteSpace(model) ? ModelLocator.DefaultModelName
            : !Directory.Exists(model) && RepoReference.TryParse(model, out var reference) ? reference.ToString()
            : ModelLocator.DisplayName(model);

    private static string ResolveFolder(string folder, string? convertedRoot, Action<string>? log)
    {
        if (SentenceTransformersLayout.IsLayout(folder))
        {
            return SentenceTransformersLayout.GetOrConvert(folder, convertedRoot, log);
        }

        if (File.Exists(Path.Combine(folder, "onnx", "model.onnx")) || File.Exists(Path.Combine(folder, "model.onnx")))
        {
            return folder;
        }

        if (CheckpointWeights.FindWeightsFile(folder) is not null)
        {
            return ConvertedModelCache.GetOrConvert(folder, root: convertedRoot, log: log);
        }

        throw new ModelLoadException(
            $"The model folder {folder} has neither an ONNX model (onnx/model.onnx or model.onnx) nor weights to convert "
            + $"({string.Join(", ", CheckpointWeights.Candidates)}).")
        { FilePath = folder };
    }
}
