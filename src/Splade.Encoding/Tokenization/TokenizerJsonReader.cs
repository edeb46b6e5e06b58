using System.Text.Json;

namespace Splade.Encoding.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c>, accepting only what this library implements exactly: a WordPiece model,
/// BertNormalizer, BertPreTokenizer, the BERT <c>[CLS] $A [SEP]</c> post-processor, and added tokens matched in raw text.
/// </summary>
internal static class TokenizerJsonReader
{
    private const string Supported = "only WordPiece with BertNormalizer, BertPreTokenizer and the BERT [CLS] $A [SEP] template is supported";

    public static TokenizerDefinition Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new TokenizerLoadException($"Tokenizer file '{path}' does not exist.");
        }

        using var document = JsonFields.Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerLoadException($"{path}: the top level must be a JSON object.");
        }

        var model = RequireComponent(root, "model", "WordPiece", path);
        var normalizer = RequireComponent(root, "normalizer", "BertNormalizer", path);
        RequireComponent(root, "pre_tokenizer", "BertPreTokenizer", path);
        var (cls, sep) = ReadPostProcessor(root, path);

        var defaults = WordPieceTokenizerOptions.BertUncased;
        var padding = root.TryGetProperty("padding", out var paddingElement) && paddingElement.ValueKind == JsonValueKind.Object
            ? JsonFields.GetString(paddingElement, "pad_token", path, "padding")
            : null;
        var options = defaults with
        {
            CleanText = JsonFields.GetBoolean(normalizer, "clean_text", path, "normalizer") ?? defaults.CleanText,
            HandleChineseCharacters = JsonFields.GetBoolean(normalizer, "handle_chinese_chars", path, "normalizer") ?? defaults.HandleChineseCharacters,
            StripAccents = JsonFields.GetBoolean(normalizer, "strip_accents", path, "normalizer"),
            Lowercase = JsonFields.GetBoolean(normalizer, "lowercase", path, "normalizer") ?? defaults.Lowercase,
            UnknownToken = JsonFields.GetString(model, "unk_token", path, "model") ?? defaults.UnknownToken,
            ContinuingSubwordPrefix = JsonFields.GetString(model, "continuing_subword_prefix", path, "model") ?? defaults.ContinuingSubwordPrefix,
            MaxInputCharsPerWord = JsonFields.GetInt32(model, "max_input_chars_per_word", path, "model") ?? defaults.MaxInputCharsPerWord,
            ClassificationToken = cls,
            SeparatorToken = sep,
            PaddingToken = padding ?? defaults.PaddingToken,
        };
        WordPieceTokenizer.ValidateOptions(options, path);
        var vocabulary = new WordPieceVocabulary(ReadVocabulary(model, path), options.ContinuingSubwordPrefix, path);
        return new TokenizerDefinition(vocabulary, options, ReadAddedTokens(root, vocabulary, path));
    }

    private static JsonElement RequireComponent(JsonElement root, string name, string expectedType, string path)
    {
        if (!root.TryGetProperty(name, out var component) || component.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerLoadException($"{path}: field '{name}' is missing or not an object; {Supported}.");
        }

        var type = JsonFields.GetString(component, "type", path, name);
        if (!string.Equals(type, expectedType, StringComparison.Ordinal))
        {
            throw new TokenizerLoadException($"{path}: {name}.type is '{type ?? "(missing)"}', expected '{expectedType}'; {Supported}.");
        }

        return component;
    }

    private static (string Cls, string Sep) ReadPostProcessor(JsonElement root, string path)
    {
        var processor = root.TryGetProperty("post_processor", out var element) && element.ValueKind == JsonValueKind.Object
            ? element
            : throw new TokenizerLoadException($"{path}: field 'post_processor' is missing or not an object; {Supported}.");
        var type = JsonFields.GetString(processor, "type", path, "post_processor");
        if (type == "BertProcessing")
        {
            return (ReadPairToken(processor, "cls", path), ReadPairToken(processor, "sep", path));
        }

        if (type != "TemplateProcessing")
        {
            throw new TokenizerLoadException(
                $"{path}: post_processor.type is '{type ?? "(missing)"}', expected 'TemplateProcessing' or 'BertProcessing'; {Supported}.");
        }

        if (!processor.TryGetProperty("single", out var single) || single.ValueKind != JsonValueKind.Array || single.GetArrayLength() != 3
            || !TryGetTemplateItem(single[0], "SpecialToken", out var cls)
            || !TryGetTemplateItem(single[1], "Sequence", out var sequence) || sequence != "A"
            || !TryGetTemplateItem(single[2], "SpecialToken", out var sep))
        {
            throw new TokenizerLoadException($"{path}: post_processor.single is not the template [CLS] $A [SEP]; {Supported}.");
        }

        return (cls, sep);
    }

    private static bool TryGetTemplateItem(JsonElement item, string kind, out string id)
    {
        id = string.Empty;
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(kind, out var body) || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        id = idElement.GetString()!;
        return true;
    }

    private static string ReadPairToken(JsonElement processor, string name, string path) =>
        processor.TryGetProperty(name, out var pair) && pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2
            && pair[0].ValueKind == JsonValueKind.String
            ? pair[0].GetString()!
            : throw new TokenizerLoadException($"{path}: field 'post_processor.{name}' must be a [token, id] pair.");

    private static string[] ReadVocabulary(JsonElement model, string path)
    {
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerLoadException($"{path}: field 'model.vocab' is missing or not an object of token to id.");
        }

        var count = 0;
        foreach (var _ in vocab.EnumerateObject())
        {
            count++;
        }

        var tokens = new string?[count];
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0 || id >= count)
            {
                throw new TokenizerLoadException($"{path}: model.vocab['{entry.Name}'] must be an id in [0, {count}), not {entry.Value.GetRawText()}.");
            }

            if (tokens[id] is { } previous)
            {
                throw new TokenizerLoadException($"{path}: model.vocab gives id {id} to both '{previous}' and '{entry.Name}'.");
            }

            tokens[id] = entry.Name;
        }

        return tokens!;
    }

    private static List<(string Text, int Id)> ReadAddedTokens(JsonElement root, WordPieceVocabulary vocabulary, string path)
    {
        var result = new List<(string Text, int Id)>();
        if (!root.TryGetProperty("added_tokens", out var added) || added.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (added.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerLoadException($"{path}: field 'added_tokens' must be an array.");
        }

        var index = 0;
        foreach (var token in added.EnumerateArray())
        {
            var context = $"added_tokens[{index++}]";
            var content = JsonFields.GetString(token, "content", path, context)
                ?? throw new TokenizerLoadException($"{path}: field '{context}.content' is missing.");
            var id = JsonFields.GetInt32(token, "id", path, context)
                ?? throw new TokenizerLoadException($"{path}: field '{context}.id' is missing.");
            foreach (var flag in (string[])["normalized", "lstrip", "rstrip", "single_word"])
            {
                if (JsonFields.GetBoolean(token, flag, path, context) == true)
                {
                    throw new TokenizerLoadException(
                        $"{path}: {context} ('{content}') sets '{flag}'; only added tokens matched verbatim in raw text are supported.");
                }
            }

            if (!vocabulary.TryGetId(content, out var vocabularyId) || vocabularyId != id)
            {
                throw new TokenizerLoadException($"{path}: {context} ('{content}', id {id}) is not the model vocabulary's entry for that token.");
            }

            result.Add((content, id));
        }

        return result;
    }
}
