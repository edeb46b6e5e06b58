using System.Text.Json;

namespace Splade.Encoding.Onnx;

/// <summary>The fields of a Hugging Face <c>config.json</c> that the encoders use.</summary>
/// <param name="ModelType">The <c>model_type</c> field (for example <c>bert</c> or <c>distilbert</c>), or null when absent.</param>
/// <param name="VocabularySize">The <c>vocab_size</c> field.</param>
/// <param name="MaxPositions">The <c>max_position_embeddings</c> field: the longest sequence the model accepts.</param>
internal sealed record TransformerConfig(string? ModelType, int VocabularySize, int MaxPositions)
{
    private const int DefaultMaxPositions = 512;

    /// <summary>Reads and checks <c>config.json</c>.</summary>
    /// <exception cref="ModelLoadException">The file is missing, is not a JSON object, or a field is missing or has the wrong type.</exception>
    public static TransformerConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"The model folder has no config.json: {path} does not exist.") { FilePath = path };
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException($"{path}: expected a JSON object, found {root.ValueKind}.") { FilePath = path };
            }

            var modelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            var vocabularySize = ReadPositiveInt(root, "vocab_size", path, required: true);
            var maxPositions = ReadPositiveInt(root, "max_position_embeddings", path, required: false);
            return new TransformerConfig(modelType, vocabularySize, maxPositions == 0 ? DefaultMaxPositions : maxPositions);
        }
        catch (JsonException exception)
        {
            throw new ModelLoadException(
                $"{path}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}): {exception.Message}",
                exception) { FilePath = path };
        }
    }

    /// <summary>A positive integer field of a JSON object read from <paramref name="path"/>; 0 when an optional field is absent.</summary>
    /// <exception cref="ModelLoadException">The field is missing (and required) or is not a positive integer.</exception>
    internal static int ReadPositiveInt(JsonElement root, string field, string path, bool required)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            return required ? throw new ModelLoadException($"{path}: the field \"{field}\" is missing.") { FilePath = path } : 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number <= 0)
        {
            throw new ModelLoadException($"{path}: the field \"{field}\" must be a positive integer, found {value.GetRawText()}.") { FilePath = path };
        }

        return number;
    }
}
