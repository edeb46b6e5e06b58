namespace Splade.Encoding.Onnx;

/// <summary>A Hugging Face style model folder: <c>config.json</c>, tokenizer files and an ONNX export.</summary>
/// <remarks>The ONNX file is looked up at <c>onnx/model.onnx</c>, then <c>model.onnx</c>, unless a file name is given.</remarks>
internal sealed class ModelFolder
{
    private static readonly string[] DefaultOnnxLocations = [System.IO.Path.Combine("onnx", "model.onnx"), "model.onnx"];

    private ModelFolder(string path, string onnxPath, TransformerConfig config)
    {
        Path = path;
        OnnxPath = onnxPath;
        Config = config;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The ONNX file's full path.</summary>
    public string OnnxPath { get; }

    /// <summary>The parsed <c>config.json</c>.</summary>
    public TransformerConfig Config { get; }

    /// <summary>Opens a model folder, checking that the config and the ONNX file exist.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="onnxFile">An ONNX file relative to the folder, or null for the default locations.</param>
    /// <exception cref="ModelLoadException">The folder, its config.json or its ONNX file is missing or invalid.</exception>
    public static ModelFolder Open(string folder, string? onnxFile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var fullPath = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(fullPath))
        {
            throw new ModelLoadException($"The model folder {fullPath} does not exist.") { FilePath = fullPath };
        }

        var config = TransformerConfig.Read(System.IO.Path.Combine(fullPath, "config.json"));
        return new ModelFolder(fullPath, FindOnnx(fullPath, onnxFile), config);
    }

    /// <summary>The full path of a file in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    private static string FindOnnx(string folder, string? onnxFile)
    {
        if (onnxFile is not null)
        {
            var explicitPath = System.IO.Path.Combine(folder, onnxFile);
            return System.IO.File.Exists(explicitPath)
                ? explicitPath
                : throw new ModelLoadException($"The ONNX file {explicitPath} does not exist.") { FilePath = explicitPath };
        }

        foreach (var location in DefaultOnnxLocations)
        {
            var candidate = System.IO.Path.Combine(folder, location);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ModelLoadException($"The model folder {folder} has no ONNX file: looked for {string.Join(" and ", DefaultOnnxLocations)}.")
        {
            FilePath = folder,
        };
    }
}
