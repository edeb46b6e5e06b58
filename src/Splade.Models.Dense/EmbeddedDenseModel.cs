using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Splade.Encoding;
using Splade.Encoding.Dense;
using Splade.Encoding.Tokenization;

namespace Splade.Models.Dense;

/// <summary>Reads a model's ONNX graph and vocabulary out of the package assembly embedded in this one.</summary>
/// <remarks>
/// This assembly embeds each SentenceTransformers.* package assembly whole, as <c>dense/&lt;name&gt;/&lt;package&gt;.dll</c>.
/// That assembly in turn carries <c>&lt;package&gt;.Resources.model.onnx</c> and <c>&lt;package&gt;.Resources.vocab.txt</c> as
/// manifest resources, which are read here from its metadata with <see cref="PEReader"/>: the package's code is never
/// loaded, so none of its dependencies are needed.
/// </remarks>
internal static class EmbeddedDenseModel
{
    public static DenseModelDefinition Read(DenseModelInfo model)
    {
        var container = $"dense/{model.Name}/{model.Package}.dll";
        using var stream = typeof(EmbeddedDenseModel).Assembly.GetManifestResourceStream(container)
            ?? throw new ModelLoadException(
                $"The Splade.Models.Dense assembly has no embedded resource '{container}'; it was built without the {model.Package} package.");
        using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
        var onnxSource = $"Splade.Models.Dense:{container}:{model.Package}.Resources.model.onnx";
        var vocabularySource = $"Splade.Models.Dense:{container}:{model.Package}.Resources.vocab.txt";
        var onnx = ReadResource(pe, $"{model.Package}.Resources.model.onnx", container);
        WordPieceTokenizer tokenizer;
        try
        {
            using var vocabulary = new MemoryStream(ReadResource(pe, $"{model.Package}.Resources.vocab.txt", container), writable: false);
            tokenizer = WordPieceTokenizer.FromVocabulary(vocabulary, vocabularySource, WordPieceTokenizerOptions.BertUncased);
        }
        catch (TokenizerLoadException exception)
        {
            throw new ModelLoadException($"The embedded {model.ModelName} vocabulary cannot be loaded: {exception.Message}", exception);
        }

        return new DenseModelDefinition
        {
            Name = model.ModelName,
            OnnxModel = onnx,
            OnnxSource = onnxSource,
            Tokenizer = tokenizer,
            Pooling = model.Pooling,
            MaxLength = model.MaxLength,
            QueryPrefix = model.QueryPrefix,
            DocumentPrefix = model.DocumentPrefix,
        };
    }

    /// <summary>The bytes of the manifest resource <paramref name="name"/> of the assembly image <paramref name="pe"/>.</summary>
    internal static byte[] ReadResource(PEReader pe, string name, string container)
    {
        try
        {
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, name))
                {
                    continue;
                }

                // The CLI header's resources directory holds each embedded resource as a 4-byte length and its bytes.
                var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
                var block = pe.GetSectionData(directory.RelativeVirtualAddress);
                var reader = block.GetReader(checked((int)resource.Offset), directory.Size - checked((int)resource.Offset));
                var length = reader.ReadInt32();
                return reader.ReadBytes(length);
            }
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException or OverflowException)
        {
            throw new ModelLoadException($"{container} is not a readable .NET assembly: {exception.Message}", exception);
        }

        throw new ModelLoadException($"{container} has no embedded resource '{name}'.");
    }
}
