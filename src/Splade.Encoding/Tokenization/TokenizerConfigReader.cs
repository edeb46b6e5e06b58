using System.Text.Json;

namespace Splade.Encoding.Tokenization;

/// <summary>Reads the BERT settings of a Hugging Face <c>tokenizer_config.json</c>; absent fields keep the uncased defaults.</summary>
internal static class TokenizerConfigReader
{
    public static WordPieceTokenizerOptions Read(string path)
    {
        using var document = JsonFields.Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerLoadException($"{path}: the top level must be a JSON object.");
        }

        var defaults = WordPieceTokenizerOptions.BertUncased;
        var options = defaults with
        {
            Lowercase = JsonFields.GetBoolean(root, "do_lower_case", path, "") ?? defaults.Lowercase,
            StripAccents = JsonFields.GetBoolean(root, "strip_accents", path, ""),
            HandleChineseCharacters = JsonFields.GetBoolean(root, "tokenize_chinese_chars", path, "") ?? defaults.HandleChineseCharacters,
            UnknownToken = JsonFields.GetString(root, "unk_token", path, "") ?? defaults.UnknownToken,
            ClassificationToken = JsonFields.GetString(root, "cls_token", path, "") ?? defaults.ClassificationToken,
            SeparatorToken = JsonFields.GetString(root, "sep_token", path, "") ?? defaults.SeparatorToken,
            PaddingToken = JsonFields.GetString(root, "pad_token", path, "") ?? defaults.PaddingToken,
            MaskToken = JsonFields.GetString(root, "mask_token", path, "") ?? defaults.MaskToken,
        };
        return options;
    }
}
