using System.Text.Json;
using Splade.Core;
using Splade.Encoding.Onnx;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Splade;

/// <summary>Inference-free query encoding: each distinct token of the query weighs 1, or its weight from <c>idf.json</c>.</summary>
internal sealed class QueryBagEncoder
{
    private readonly WordPieceTokenizer _tokenizer;
    private readonly float[]? _idf;
    private readonly SpladeEncoderOptions _options;

    private QueryBagEncoder(WordPieceTokenizer tokenizer, float[]? idf, SpladeEncoderOptions options)
    {
        _tokenizer = tokenizer;
        _idf = idf;
        _options = options;
    }

    /// <summary>Prepares the query encoder; reads the IDF file when the options ask for IDF weights.</summary>
    /// <exception cref="ModelLoadException">The IDF file is missing or invalid.</exception>
    public static QueryBagEncoder Create(SpladeEncoderOptions options, ModelFolder folder, WordPieceTokenizer tokenizer)
    {
        var idf = options.QueryEncoding == QueryEncoding.Idf ? ReadIdf(options.IdfPath ?? folder.File("idf.json"), tokenizer) : null;
        return new QueryBagEncoder(tokenizer, idf, options);
    }

    /// <summary>The bag of the query's first <paramref name="maxPieces"/> pieces, special tokens left out.</summary>
    public SparseVector Encode(string text, int maxPieces)
    {
        var pieces = _tokenizer.TokenizeToPieceIds(text);
        var weights = new Dictionary<uint, float>();
        var special = _tokenizer.SpecialTokenIds;
        for (var i = 0; i < Math.Min(pieces.Length, maxPieces); i++)
        {
            var id = pieces[i];
            var weight = _idf is null ? 1f : _idf[id];
            if (special.Contains(id) || weight <= 0f || weight < _options.MinimumWeight)
            {
                continue;
            }

            weights[(uint)id] = weight;
        }

        var vector = SparseVector.FromDictionary(weights, (uint)_tokenizer.VocabularySize);
        return _options.TopK is { } k ? vector.TopK(k) : vector;
    }

    private static float[] ReadIdf(string path, WordPieceTokenizer tokenizer)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"The IDF file {path} does not exist (query encoding Idf needs a token-to-weight JSON object).") { FilePath = path };
        }

        var idf = new float[tokenizer.VocabularySize];
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException(
                    $"{path}: expected a JSON object mapping tokens to weights, found {document.RootElement.ValueKind}.") { FilePath = path };
            }

            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !float.IsFinite(entry.Value.GetSingle()))
                {
                    throw new ModelLoadException(
                        $"{path}: the weight of token \"{entry.Name}\" must be a finite number, found {entry.Value.GetRawText()}.") { FilePath = path };
                }

                if (tokenizer.TryGetId(entry.Name, out var id))
                {
                    idf[id] = entry.Value.GetSingle();
                }
            }
        }
        catch (JsonException exception)
        {
            throw new ModelLoadException($"{path}: not valid JSON (line {exception.LineNumber + 1}): {exception.Message}", exception) { FilePath = path };
        }

        return idf;
    }
}
