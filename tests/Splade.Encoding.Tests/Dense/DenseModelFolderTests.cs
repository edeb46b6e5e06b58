using System.Numerics.Tensors;
using Splade.Encoding.Dense;
using Splade.Encoding.Tokenization;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Dense;

/// <summary>Loading from a model folder, built in a temporary copy of the tiny random BERT fixture.</summary>
public sealed class DenseModelFolderTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-dense-");

    public DenseModelFolderTests()
    {
        var source = TestPaths.Fixture("tiny-splade-random");
        Directory.CreateDirectory(_folder.Combine("onnx"));
        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", Path.Combine("onnx", "model.onnx") })
        {
            File.Copy(Path.Combine(source, file), _folder.Combine(file));
        }
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_folder_without_pooling_configuration_is_a_clear_error()
    {
        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder.Path));

        Assert.Contains(Path.Combine("1_Pooling", "config.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Pooling", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}", DensePooling.Cls)]
    [InlineData("{\"pooling_mode_cls_token\": false, \"pooling_mode_mean_tokens\": true}", DensePooling.Mean)]
    public void The_pooling_mode_comes_from_the_sentence_transformers_configuration(string json, DensePooling expected)
    {
        WritePoolingConfig(json);

        using var encoder = DenseEncoder.FromModelFolder(_folder.Path);

        Assert.Equal(expected, encoder.Pooling);
        Assert.Equal(1f, TensorPrimitives.Norm(encoder.Encode("a tiny model still encodes")), 4);
    }

    [Fact]
    public void Explicit_pooling_overrides_a_missing_configuration()
    {
        using var encoder = DenseEncoder.FromModelFolder(_folder.Path, new DenseEncoderOptions { Pooling = DensePooling.Cls, Normalize = false });

        Assert.Equal(DensePooling.Cls, encoder.Pooling);
        Assert.True(encoder.Dimension > 0);
        Assert.Equal(encoder.Dimension, encoder.Encode("hello").Length);
    }

    [Fact]
    public async Task Async_encoding_matches_the_synchronous_one_and_honours_cancellation()
    {
        using var encoder = DenseEncoder.FromModelFolder(_folder.Path, new DenseEncoderOptions { Pooling = DensePooling.Mean, BatchSize = 1 });
        string[] texts = ["first text", "a second, longer text", "third"];
        Assert.Equal(encoder.Encode(texts), await encoder.EncodeBatchAsync(texts));
        Assert.Equal(encoder.EncodeQueries(texts), await encoder.EncodeQueriesAsync(texts));
        Assert.Equal(encoder.Encode("first text"), await encoder.EncodeAsync("first text"));
        Assert.Equal(encoder.EncodeQuery("first text"), await encoder.EncodeQueryAsync("first text"));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.EncodeBatchAsync(texts, cancelled.Token));
    }

    [Fact]
    public void Max_pooling_is_rejected_with_the_file_named()
    {
        var path = WritePoolingConfig("{\"pooling_mode_max_tokens\": true}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder.Path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_pooling_json_names_the_file_and_line()
    {
        var path = WritePoolingConfig("{\n\"pooling_mode_mean_tokens\": tru }");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder.Path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_an_onnx_graph_is_a_clear_error()
    {
        File.Delete(_folder.Combine("onnx", "model.onnx"));
        WritePoolingConfig("{\"pooling_mode_mean_tokens\": true}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder.Path));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_that_pools_inside_itself_is_rejected()
    {
        File.Copy(TestPaths.Fixture("tiny-splade-random", "onnx", "model_pooled_max.onnx"), _folder.Combine("onnx", "model.onnx"), overwrite: true);
        WritePoolingConfig("{\"pooling_mode_mean_tokens\": true}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder.Path));

        Assert.Contains("already pooled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error()
    {
        var missing = _folder.Combine("nope");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentence_transformers_prompts_become_the_query_and_document_prefixes()
    {
        WritePoolingConfig("{\"pooling_mode_mean_tokens\": true}");
        File.WriteAllText(
            _folder.Combine("config_sentence_transformers.json"),
            "{\"prompts\": {\"query\": \"query: \", \"passage\": \"passage: \"}, \"default_prompt_name\": null}");

        using var encoder = DenseEncoder.FromModelFolder(_folder.Path);
        using var plain = DenseEncoder.FromModelFolder(_folder.Path, new DenseEncoderOptions { QueryPrefix = "", DocumentPrefix = "" });

        Assert.Equal("query: ", encoder.QueryPrefix);
        Assert.Equal("passage: ", encoder.DocumentPrefix);
        Assert.Equal("", plain.QueryPrefix);
        Assert.Equal(plain.Encode("query: sparse retrieval"), encoder.EncodeQuery("sparse retrieval"));
        Assert.Equal(plain.Encode("passage: sparse retrieval"), encoder.Encode("sparse retrieval"));
        Assert.Equal(plain.Encode(["query: a", "query: b c"]), encoder.EncodeQueries(["a", "b c"]));
        Assert.Equal(plain.CountTokens("query: sparse retrieval"), encoder.CountQueryTokens("sparse retrieval"));
        Assert.NotEqual(encoder.Encode("sparse retrieval"), encoder.EncodeQuery("sparse retrieval"));
    }

    [Fact]
    public void A_prompt_that_is_not_text_names_the_file()
    {
        WritePoolingConfig("{\"pooling_mode_mean_tokens\": true}");
        var path = _folder.Combine("config_sentence_transformers.json");
        File.WriteAllText(path, "{\"prompts\": {\"query\": 3}}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder.Path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'query'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_held_in_memory_encodes_as_the_same_model_in_a_folder()
    {
        WritePoolingConfig("{\"pooling_mode_cls_token\": true}");
        using var fromFolder = DenseEncoder.FromModelFolder(_folder.Path);
        using var vocabulary = File.OpenRead(_folder.Combine("vocab.txt"));
        var definition = new DenseModelDefinition
        {
            Name = "tiny",
            OnnxModel = File.ReadAllBytes(_folder.Combine("onnx", "model.onnx")),
            OnnxSource = "tiny model bytes",
            Tokenizer = WordPieceTokenizer.FromVocabulary(vocabulary, "tiny vocab", WordPieceTokenizerOptions.BertUncased),
            Pooling = DensePooling.Cls,
            MaxLength = fromFolder.MaxLength,
            QueryPrefix = "q: ",
        };

        using var fromMemory = DenseEncoder.Create(definition);

        Assert.Equal("tiny", fromMemory.ModelName);
        Assert.Equal("q: ", fromMemory.QueryPrefix);
        Assert.Equal(fromFolder.Encode(["one text", "and another, longer text"]), fromMemory.Encode(["one text", "and another, longer text"]));
        Assert.Equal(fromFolder.Encode("q: a question"), fromMemory.EncodeQuery("a question"));
    }

    [Fact]
    public void A_definition_with_an_empty_graph_or_a_too_small_limit_is_refused()
    {
        using var vocabulary = File.OpenRead(_folder.Combine("vocab.txt"));
        var tokenizer = WordPieceTokenizer.FromVocabulary(vocabulary, "tiny vocab", WordPieceTokenizerOptions.BertUncased);
        var definition = new DenseModelDefinition
        {
            Name = "tiny",
            OnnxModel = [],
            OnnxSource = "empty bytes",
            Tokenizer = tokenizer,
            Pooling = DensePooling.Mean,
            MaxLength = 16,
        };

        var empty = Assert.Throws<ModelLoadException>(() => DenseEncoder.Create(definition));
        var tooShort = new DenseModelDefinition
        {
            Name = "tiny",
            OnnxModel = [1],
            OnnxSource = "one byte",
            Tokenizer = tokenizer,
            Pooling = DensePooling.Mean,
            MaxLength = 1,
        };
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseEncoder.Create(tooShort));

        Assert.Contains("empty bytes", empty.Message, StringComparison.Ordinal);
    }

    private string WritePoolingConfig(string json)
    {
        var path = _folder.Combine("1_Pooling", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }
}
