using Splade.Encoding.Tests.Support;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests;

public sealed class QueryEncodingTests
{
    [Fact]
    public void Binary_bag_weighs_each_distinct_token_once()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryEncoding = QueryEncoding.BinaryBag });
        var vector = encoder.EncodeQuery("the cat and the hat [MASK]");
        var expected = encoder.Tokenizer.TokenizeToPieceIds("the cat and the hat").Distinct().Select(id => (uint)id).Order().ToArray();
        Assert.Equal(expected, vector.Indices.ToArray());
        Assert.All(vector.Values.ToArray(), weight => Assert.Equal(1f, weight));
    }

    [Fact]
    public void Idf_weights_come_from_the_idf_file_and_unknown_tokens_drop_out()
    {
        using var temp = new TempFolder("splade-idf-");
        var idfPath = temp.Combine("idf.json");
        File.WriteAllText(idfPath, """{"cat": 2.5, "hat": 0.75, "the": 0}""");
        using var encoder = SpladeEncoder.Load(
            TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryEncoding = QueryEncoding.Idf, IdfPath = idfPath });
        var vector = encoder.EncodeQuery("The cat, the hat and a dog");
        Assert.True(encoder.Tokenizer.TryGetId("cat", out var cat));
        Assert.True(encoder.Tokenizer.TryGetId("hat", out var hat));
        Assert.Equal(new Dictionary<uint, float> { [(uint)cat] = 2.5f, [(uint)hat] = 0.75f }, vector.ToDictionary());
    }

    [Fact]
    public void A_missing_idf_file_is_a_load_error_naming_it()
    {
        var error = Assert.Throws<ModelLoadException>(
            () => SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryEncoding = QueryEncoding.Idf }));
        Assert.Contains("idf.json", error.Message);
    }

    [Fact]
    public void Model_query_encoding_equals_document_encoding()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"));
        Assert.Equal(encoder.Encode("orangutans climb trees"), encoder.EncodeQuery("orangutans climb trees"));
    }

    [Fact]
    public void Query_top_k_keeps_the_heaviest_query_terms_and_leaves_documents_whole()
    {
        const string text = "orangutans climb the tall trees of the rainforest every morning";
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryTopK = 7 });
        var document = encoder.Encode(text);
        var query = encoder.EncodeQuery(text);
        Assert.True(document.Count > 7);
        Assert.Equal(document.TopK(7), query);
    }

    [Fact]
    public void A_model_folder_s_splade_config_sets_the_query_top_k_and_options_override_it()
    {
        using var folder = new TempModelFolder();
        File.WriteAllText(folder.File("splade_config.json"), """{"query_top_k": 5}""");
        using var fromFolder = SpladeEncoder.Load(folder.Path);
        Assert.Equal(5, fromFolder.Options.QueryTopK);
        Assert.Equal(5, fromFolder.EncodeQuery("orangutans climb the tall trees of the rainforest").Count);

        using var overridden = SpladeEncoder.Load(folder.Path, new SpladeEncoderOptions { QueryTopK = 1_000_000 });
        Assert.Equal(overridden.Encode("orangutans climb trees"), overridden.EncodeQuery("orangutans climb trees"));

        File.WriteAllText(folder.File("splade_config.json"), """{"query_top_k": "many"}""");
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("splade_config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("query_top_k", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_folder_s_splade_config_sets_the_special_token_policy_and_options_override_it()
    {
        using var folder = new TempModelFolder();
        using (var plain = SpladeEncoder.Load(folder.Path))
        {
            Assert.Equal(SpecialTokenPolicy.Keep, plain.Options.SpecialTokens);
        }

        File.WriteAllText(folder.File("splade_config.json"), """{"special_tokens": "exclude_positions"}""");
        using (var fromFolder = SpladeEncoder.Load(folder.Path))
        {
            Assert.Equal(SpecialTokenPolicy.ExcludePositions, fromFolder.Options.SpecialTokens);
            Assert.Equal(0, fromFolder.Encode("").Count);
        }

        using (var overridden = SpladeEncoder.Load(folder.Path, new SpladeEncoderOptions { SpecialTokens = SpecialTokenPolicy.Keep }))
        {
            Assert.Equal(SpecialTokenPolicy.Keep, overridden.Options.SpecialTokens);
            Assert.True(overridden.Encode("").Count > 0);
        }

        File.WriteAllText(folder.File("splade_config.json"), """{"special_tokens": "drop"}""");
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("splade_config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("special_tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"drop\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_model_subfolder_encodes_queries_while_the_folder_s_model_encodes_documents()
    {
        // Documents through the DistilBERT fixture, queries through the BERT fixture copied into its "query" subfolder.
        using var folder = new TempModelFolder(TestModels.DistilBert);
        CopyFolder(TestPaths.Fixture(TestModels.Bert), folder.File("query"));
        File.WriteAllText(folder.File("splade_config.json"), """{"query_model": "query"}""");
        using var asymmetric = SpladeEncoder.Load(folder.Path);
        using var documents = SpladeEncoder.Load(TestPaths.Fixture(TestModels.DistilBert));
        using var queries = SpladeEncoder.Load(TestPaths.Fixture(TestModels.Bert));
        const string text = "orangutans climb the tall trees of the rainforest";
        Assert.Equal(documents.Encode(text), asymmetric.Encode(text));
        Assert.Equal(queries.EncodeQuery(text), asymmetric.EncodeQuery(text));
        Assert.NotEqual(asymmetric.Encode(text), asymmetric.EncodeQuery(text));

        // A bag-of-tokens query encoding asked for by the caller still wins over the query network.
        using var bag = SpladeEncoder.Load(folder.Path, new SpladeEncoderOptions { QueryEncoding = QueryEncoding.BinaryBag });
        Assert.All(bag.EncodeQuery(text).Values.ToArray(), weight => Assert.Equal(1f, weight));
    }

    [Theory]
    [InlineData("""{"query_model": "missing"}""", "does not exist")]
    [InlineData("""{"query_model": "../elsewhere"}""", "must name a subfolder")]
    [InlineData("""{"query_model": 3}""", "must be a string")]
    public void A_bad_query_model_is_a_load_error_naming_the_settings_file(string settings, string message)
    {
        using var folder = new TempModelFolder();
        File.WriteAllText(folder.File("splade_config.json"), settings);
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("splade_config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
