using System.Text.Json;
using Splade.Encoding.Tokenization;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Tokenization;

public sealed class ModelFolderLoadingTests : IDisposable
{
    private readonly TempFolder _temp = new("splade-tokenizer-");

    public void Dispose() => _temp.Dispose();

    private static string Fixture(string name) => TestPaths.Fixture("tiny-splade-random", name);

    [Fact]
    public void Vocabulary_folder_gives_the_same_ids_as_tokenizer_json_with_lf_and_crlf_line_endings()
    {
        var fromJson = WordPieceTokenizer.FromTokenizerJson(Fixture("tokenizer.json"));
        var lfFolder = FolderWith(
            ("vocab.txt", File.ReadAllText(Fixture("vocab.txt"))), ("tokenizer_config.json", File.ReadAllText(Fixture("tokenizer_config.json"))));
        var crlfFolder = FolderWith(("vocab.txt", File.ReadAllText(Fixture("vocab.txt")).Replace("\n", "\r\n")));
        Assert.Contains("\r\n", File.ReadAllText(Path.Combine(crlfFolder, "vocab.txt")));
        var fromLf = WordPieceTokenizer.FromModelFolder(lfFolder);
        var fromCrlf = WordPieceTokenizer.FromModelFolder(crlfFolder);

        Assert.Equal(fromJson.VocabularySize, fromCrlf.VocabularySize);
        Assert.Equal(fromJson.SpecialTokenIds.ToArray(), fromCrlf.SpecialTokenIds.ToArray());
        foreach (var golden in GoldenCorpus.All.Where((_, i) => i % 3 == 0))
        {
            var expected = fromJson.TokenizeToPieceIds(golden.Text);
            Assert.Equal(expected, fromLf.TokenizeToPieceIds(golden.Text));
            Assert.Equal(expected, fromCrlf.TokenizeToPieceIds(golden.Text));
        }
    }

    [Fact]
    public void A_vocabulary_stream_gives_the_same_ids_as_the_file_and_an_empty_one_is_named()
    {
        var fromFile = WordPieceTokenizer.FromVocabulary(Fixture("vocab.txt"), WordPieceTokenizerOptions.BertUncased);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Fixture("vocab.txt")).Replace("\n", "\r\n")));
        var fromStream = WordPieceTokenizer.FromVocabulary(stream, "embedded vocab", WordPieceTokenizerOptions.BertUncased);

        Assert.Equal(fromFile.VocabularySize, fromStream.VocabularySize);
        foreach (var golden in GoldenCorpus.All.Where((_, i) => i % 7 == 0))
        {
            Assert.Equal(fromFile.TokenizeToPieceIds(golden.Text), fromStream.TokenizeToPieceIds(golden.Text));
        }

        using var empty = new MemoryStream();
        var error = Assert.Throws<TokenizerLoadException>(
            () => WordPieceTokenizer.FromVocabulary(empty, "embedded vocab", WordPieceTokenizerOptions.BertUncased));
        Assert.Contains("embedded vocab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_input_ids_match_for_every_reference_text()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Fixture("reference.json")));
        var tokenizer = WordPieceTokenizer.FromModelFolder(TestPaths.Fixture("tiny-splade-random"));
        var items = reference.RootElement.GetProperty("items");
        Assert.Equal(12, items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            var expected = item.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expected, tokenizer.Tokenize(item.GetProperty("text").GetString()!).Ids.ToArray());
        }
    }

    [Fact]
    public void Cased_configuration_keeps_case_and_accents()
    {
        var folder = FolderWith(("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nCafé\ncafe\n"), ("tokenizer_config.json", """{"do_lower_case": false}"""));
        var tokenizer = WordPieceTokenizer.FromModelFolder(folder);
        Assert.Equal([5], tokenizer.TokenizeToPieceIds("Café"));
        Assert.Equal([1], tokenizer.TokenizeToPieceIds("CAFE"));
    }

    [Fact]
    public void Special_token_ids_come_from_the_vocabulary()
    {
        var tokenizer = WordPieceTokenizer.FromModelFolder(TestPaths.Fixture("tiny-splade-random"));
        Assert.Equal("[CLS]", tokenizer.IdToToken(tokenizer.ClsId));
        Assert.Equal("[SEP]", tokenizer.IdToToken(tokenizer.SepId));
        Assert.Equal("[PAD]", tokenizer.IdToToken(tokenizer.PadId));
        Assert.Equal("[UNK]", tokenizer.IdToToken(tokenizer.UnkId));
        Assert.Equal("[MASK]", tokenizer.IdToToken(tokenizer.MaskId));
        Assert.Equal(
            new[] { tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId, tokenizer.MaskId }.Order(), tokenizer.SpecialTokenIds.ToArray());
        Assert.True(tokenizer.TryGetId("##ing", out var ing));
        Assert.Equal("##ing", tokenizer.IdToToken(ing));
        Assert.False(tokenizer.TryGetId("not-a-token", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.IdToToken(tokenizer.VocabularySize));
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        var missing = _temp.Combine("nope");
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromModelFolder(missing));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Folder_without_vocabulary_is_reported()
    {
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromModelFolder(FolderWith(("tokenizer_config.json", "{}"))));
        Assert.Contains("vocab.txt", error.Message);
    }

    [Fact]
    public void Malformed_json_names_the_file()
    {
        var folder = FolderWith(("tokenizer.json", "{\"model\": "));
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromModelFolder(folder));
        Assert.Contains("tokenizer.json", error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Malformed_config_field_is_named()
    {
        var folder = FolderWith(("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n"), ("tokenizer_config.json", """{"do_lower_case": "yes"}"""));
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromModelFolder(folder));
        Assert.Contains("do_lower_case", error.Message);
        Assert.Contains("tokenizer_config.json", error.Message);
    }

    [Theory]
    [InlineData("model", "BPE", "model.type is 'BPE'")]
    [InlineData("normalizer", "NFKC", "normalizer.type is 'NFKC'")]
    [InlineData("pre_tokenizer", "Whitespace", "pre_tokenizer.type is 'Whitespace'")]
    [InlineData("post_processor", "RobertaProcessing", "post_processor.type is 'RobertaProcessing'")]
    public void Unsupported_components_are_refused_by_name(string component, string type, string expected)
    {
        var json = JsonNodeEdit(node => node[component]!["type"] = type);
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromTokenizerJson(json));
        Assert.Contains(expected, error.Message);
        Assert.Contains("only WordPiece", error.Message);
    }

    [Fact]
    public void Bert_processing_post_processor_is_accepted_as_the_same_template()
    {
        var json = JsonNodeEdit(
            node => node["post_processor"] = System.Text.Json.Nodes.JsonNode.Parse(
                """{"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}"""));
        var edited = WordPieceTokenizer.FromTokenizerJson(json);
        var original = WordPieceTokenizer.FromTokenizerJson(Fixture("tokenizer.json"));
        Assert.Equal(original.Tokenize("Hello [MASK] world").Ids.ToArray(), edited.Tokenize("Hello [MASK] world").Ids.ToArray());
    }

    [Fact]
    public void Missing_tokenizer_json_is_named()
    {
        var missing = _temp.Combine("tokenizer.json");
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromTokenizerJson(missing));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Vocabulary_ids_out_of_range_are_refused()
    {
        var json = JsonNodeEdit(node => node["model"]!["vocab"]!["hello"] = 99999);
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromTokenizerJson(json));
        Assert.Contains("model.vocab['hello']", error.Message);
    }

    [Fact]
    public void Normalized_added_tokens_are_refused()
    {
        var json = JsonNodeEdit(node => node["added_tokens"]![4]!["normalized"] = true);
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromTokenizerJson(json));
        Assert.Contains("added_tokens[4]", error.Message);
        Assert.Contains("normalized", error.Message);
    }

    [Theory]
    [InlineData("[CLS]", "classification")]
    [InlineData("[SEP]", "separator")]
    [InlineData("[UNK]", "unknown")]
    [InlineData("[PAD]", "padding")]
    public void Vocabulary_without_a_required_special_token_is_refused(string missing, string role)
    {
        var tokens = new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello" }.Where(t => t != missing);
        var folder = FolderWith(("vocab.txt", string.Join("\n", tokens) + "\n"));
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromModelFolder(folder));
        Assert.Contains(role, error.Message);
        Assert.Contains(missing, error.Message);
        Assert.Contains("vocab.txt", error.Message);
    }

    [Fact]
    public void Repeated_vocabulary_token_is_refused()
    {
        var folder = FolderWith(("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nhello\n"));
        var error = Assert.Throws<TokenizerLoadException>(() => WordPieceTokenizer.FromModelFolder(folder));
        Assert.Contains("'hello' appears twice", error.Message);
    }

    private string FolderWith(params (string Name, string Content)[] files)
    {
        var folder = Directory.CreateDirectory(_temp.Combine(Guid.NewGuid().ToString("N"))).FullName;
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), content);
        }

        return folder;
    }

    private string JsonNodeEdit(Action<System.Text.Json.Nodes.JsonNode> edit)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Fixture("tokenizer.json")))!;
        edit(node);
        var path = _temp.Combine($"tokenizer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }
}
