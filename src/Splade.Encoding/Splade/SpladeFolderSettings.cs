using System.Text.Json;
using Splade.Encoding.Onnx;

namespace Splade.Encoding.Splade;

/// <summary>
/// The optional <c>splade_config.json</c> of a model folder: how the model is meant to be used, as its trainer decided.
/// </summary>
/// <remarks>
/// <c>query_top_k</c> caps the number of terms of a query vector: a model trained on short queries keeps the index fast on long
/// ones by pruning their lightest terms (<see cref="SpladeEncoderOptions.QueryTopK"/> overrides it). <c>special_tokens</c> says
/// what the encoder does with <c>[CLS]</c>, <c>[SEP]</c> and the other special tokens: <c>"keep"</c> (the reference behaviour,
/// and the default when the field is absent), <c>"zero_vocabulary_entries"</c> or <c>"exclude_positions"</c>
/// (<see cref="SpladeEncoderOptions.SpecialTokens"/> overrides it).
/// </remarks>
internal sealed record SpladeFolderSettings(int? QueryTopK, SpecialTokenPolicy? SpecialTokens)
{
    public const string FileName = "splade_config.json";

    private static readonly (string Name, SpecialTokenPolicy Policy)[] SpecialTokenPolicies =
    [
        ("keep", SpecialTokenPolicy.Keep),
        ("zero_vocabulary_entries", SpecialTokenPolicy.ZeroVocabularyEntries),
        ("exclude_positions", SpecialTokenPolicy.ExcludePositions),
    ];

    /// <summary>Reads the folder's settings; none when the file is absent.</summary>
    /// <exception cref="ModelLoadException">The file is not a JSON object or a field has the wrong type.</exception>
    public static SpladeFolderSettings Read(ModelFolder folder)
    {
        var path = folder.File(FileName);
        if (!File.Exists(path))
        {
            return new SpladeFolderSettings(QueryTopK: null, SpecialTokens: null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException($"{path}: expected a JSON object, found {document.RootElement.ValueKind}.") { FilePath = path };
            }

            var queryTopK = TransformerConfig.ReadPositiveInt(document.RootElement, "query_top_k", path, required: false);
            return new SpladeFolderSettings(queryTopK == 0 ? null : queryTopK, ReadSpecialTokens(document.RootElement, path));
        }
        catch (JsonException exception)
        {
            throw new ModelLoadException(
                $"{path}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}): {exception.Message}",
                exception) { FilePath = path };
        }
    }

    private static SpecialTokenPolicy? ReadSpecialTokens(JsonElement root, string path)
    {
        if (!root.TryGetProperty("special_tokens", out var value))
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        foreach (var (name, policy) in SpecialTokenPolicies)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                return policy;
            }
        }

        throw new ModelLoadException(
            $"{path}: the field \"special_tokens\" must be one of \"keep\", \"zero_vocabulary_entries\" or \"exclude_positions\", " +
            $"found {value.GetRawText()}.") { FilePath = path };
    }
}
