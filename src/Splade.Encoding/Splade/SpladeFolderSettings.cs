using System.Text.Json;
using Splade.Encoding.Onnx;

namespace Splade.Encoding.Splade;

/// <summary>
/// The optional <c>splade_config.json</c> of a model folder: how the model is meant to be used, as its trainer decided.
/// </summary>
/// <remarks>
/// Its one field today, <c>query_top_k</c>, caps the number of terms of a query vector: a model trained on short queries
/// keeps the index fast on long ones by pruning their lightest terms. <see cref="SpladeEncoderOptions.QueryTopK"/> overrides it.
/// </remarks>
internal sealed record SpladeFolderSettings(int? QueryTopK)
{
    public const string FileName = "splade_config.json";

    /// <summary>Reads the folder's settings; none when the file is absent.</summary>
    /// <exception cref="ModelLoadException">The file is not a JSON object or a field has the wrong type.</exception>
    public static SpladeFolderSettings Read(ModelFolder folder)
    {
        var path = folder.File(FileName);
        if (!File.Exists(path))
        {
            return new SpladeFolderSettings(QueryTopK: null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException($"{path}: expected a JSON object, found {document.RootElement.ValueKind}.") { FilePath = path };
            }

            var queryTopK = TransformerConfig.ReadPositiveInt(document.RootElement, "query_top_k", path, required: false);
            return new SpladeFolderSettings(queryTopK == 0 ? null : queryTopK);
        }
        catch (JsonException exception)
        {
            throw new ModelLoadException(
                $"{path}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}): {exception.Message}",
                exception) { FilePath = path };
        }
    }
}
