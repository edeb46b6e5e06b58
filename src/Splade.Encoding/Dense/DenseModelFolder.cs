using System.Text.Json;
using Splade.Encoding.Onnx;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Dense;

/// <summary>Reads a sentence-transformers model folder: ONNX graph, tokenizer files, pooling and length configuration.</summary>
/// <remarks>
/// <para>The ONNX graph and <c>config.json</c> are found as for the SPLADE encoder (<see cref="ModelFolder"/>). The pooling
/// mode comes from <c>1_Pooling/config.json</c> (<c>pooling_mode_mean_tokens</c> or <c>pooling_mode_cls_token</c>). A
/// folder without that file is an error unless the options name the pooling: guessing mean pooling for a CLS-trained
/// model would silently produce poor vectors.</para>
/// <para>The token limit is <c>max_seq_length</c> from <c>sentence_bert_config.json</c>, else
/// <c>max_position_embeddings</c> from <c>config.json</c>, and never more than the latter.</para>
/// <para>The prefixes are sentence-transformers' prompts in <c>config_sentence_transformers.json</c>: <c>prompts.query</c>
/// for queries and <c>prompts.document</c> (else <c>prompts.passage</c>) for documents; without that file, none.</para>
/// </remarks>
internal static class DenseModelFolder
{
    public static DenseModelSource Load(string folder, DenseEncoderOptions options)
    {
        var model = ModelFolder.Open(folder);
        var pooling = options.Pooling ?? ReadPooling(model);
        var maxLength = Math.Min(options.MaxLength ?? ReadMaxSequenceLength(model) ?? model.Config.MaxPositions, model.Config.MaxPositions);
        WordPieceTokenizer tokenizer;
        try
        {
            tokenizer = WordPieceTokenizer.FromModelFolder(model.Path);
        }
        catch (TokenizerLoadException exception)
        {
            throw new ModelLoadException($"{model.Path}: the tokenizer cannot be loaded: {exception.Message}", exception) { FilePath = model.Path };
        }

        var (queryPrompt, documentPrompt) = ReadPrompts(model);
        return new DenseModelSource(
            Path.GetFileName(model.Path),
            model.OnnxPath,
            threads => OnnxSessionFactory.Create(model.OnnxPath, threads),
            tokenizer,
            pooling,
            maxLength,
            queryPrompt,
            documentPrompt);
    }

    private static (string Query, string Document) ReadPrompts(ModelFolder model)
    {
        var path = model.File("config_sentence_transformers.json");
        if (!File.Exists(path))
        {
            return ("", "");
        }

        using var json = ParseJson(path);
        if (!json.RootElement.TryGetProperty("prompts", out var prompts) || prompts.ValueKind == JsonValueKind.Null)
        {
            return ("", "");
        }

        if (prompts.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException($"{path}: 'prompts' must be an object of prompt names and texts, found {prompts.GetRawText()}.") { FilePath = path };
        }

        return (GetPrompt(prompts, "query", path) ?? "", GetPrompt(prompts, "document", path) ?? GetPrompt(prompts, "passage", path) ?? "");
    }

    private static string? GetPrompt(JsonElement prompts, string name, string path)
    {
        if (!prompts.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ModelLoadException($"{path}: prompt '{name}' must be a string, found {value.GetRawText()}.") { FilePath = path };
    }

    private static DensePooling ReadPooling(ModelFolder model)
    {
        var path = model.File(Path.Combine("1_Pooling", "config.json"));
        if (!File.Exists(path))
        {
            throw new ModelLoadException(
                $"{model.Path} has no pooling configuration ({path}); name the pooling explicitly (DenseEncoderOptions.Pooling, or --pooling mean|cls).")
            { FilePath = path };
        }

        using var json = ParseJson(path);
        if (GetBool(json.RootElement, "pooling_mode_cls_token", path))
        {
            return DensePooling.Cls;
        }

        if (GetBool(json.RootElement, "pooling_mode_mean_tokens", path))
        {
            return DensePooling.Mean;
        }

        throw new ModelLoadException(
            $"{path}: neither pooling_mode_mean_tokens nor pooling_mode_cls_token is true; only mean and CLS pooling are supported.") { FilePath = path };
    }

    private static int? ReadMaxSequenceLength(ModelFolder model)
    {
        var path = model.File("sentence_bert_config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var json = ParseJson(path);
        if (!json.RootElement.TryGetProperty("max_seq_length", out var value))
        {
            return null;
        }

        return value.TryGetInt32(out var length) && length >= 2
            ? length
            : throw new ModelLoadException($"{path}: 'max_seq_length' must be an integer of at least 2, found {value.GetRawText()}.") { FilePath = path };
    }

    private static bool GetBool(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelLoadException($"{path}: '{name}' must be true or false, found {value.GetRawText()}.") { FilePath = path },
        };
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw new ModelLoadException(
                $"{path}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}): {exception.Message}",
                exception) { FilePath = path };
        }
    }
}
