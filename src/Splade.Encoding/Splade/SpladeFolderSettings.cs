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
/// A model converted from a
/// sentence-transformers layout also carries <c>max_length</c> (its <c>max_seq_length</c>; <see cref="SpladeEncoderOptions.MaxLength"/>
/// overrides it), <c>query_prefix</c> and <c>document_prefix</c> (its prompts, put before each query or document), and
/// <c>query_encoding</c> (<c>idf</c> for an inference-free model, which applies while <see cref="SpladeEncoderOptions.QueryEncoding"/>
/// is left at <see cref="QueryEncoding.Model"/>). An asymmetric model (queries and documents through different networks, as
/// naver/efficient-splade) carries <c>query_model</c>: the subfolder holding the query network's own model folder.
/// </remarks>
internal sealed record SpladeFolderSettings(
    int? QueryTopK,
    int? MaxLength = null,
    string? QueryPrefix = null,
    string? DocumentPrefix = null,
    QueryEncoding? QueryEncoding = null,
    string? QueryModel = null,
    SpecialTokenPolicy? SpecialTokens = null)
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

            var root = document.RootElement;
            var queryTopK = TransformerConfig.ReadPositiveInt(root, "query_top_k", path, required: false);
            var maxLength = TransformerConfig.ReadPositiveInt(root, "max_length", path, required: false);
            var encoding = Text(root, "query_encoding", path) switch
            {
                null => (QueryEncoding?)null,
                "model" => global::Splade.Encoding.QueryEncoding.Model,
                "binary" => global::Splade.Encoding.QueryEncoding.BinaryBag,
                "idf" => global::Splade.Encoding.QueryEncoding.Idf,
                var other => throw new ModelLoadException($"{path}: query_encoding \"{other}\" is not one of model, binary, idf.") { FilePath = path },
            };
            return new SpladeFolderSettings(
                queryTopK == 0 ? null : queryTopK,
                maxLength == 0 ? null : maxLength,
                Text(root, "query_prefix", path),
                Text(root, "document_prefix", path),
                encoding,
                QueryModelFolder(root, path),
                ReadSpecialTokens(root, path));
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

    /// <summary><c>query_model</c>: a plain subfolder name (no separators, not "." or ".."), or null.</summary>
    private static string? QueryModelFolder(JsonElement root, string path)
    {
        var name = Text(root, "query_model", path);
        if (name is null)
        {
            return null;
        }

        return name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', ':']) < 0
            ? name
            : throw new ModelLoadException($"{path}: query_model \"{name}\" must name a subfolder of the model folder.") { FilePath = path };
    }

    private static string? Text(JsonElement root, string field, string path)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ModelLoadException($"{path}: the field \"{field}\" must be a string, found {value.GetRawText()}.") { FilePath = path };
    }
}
