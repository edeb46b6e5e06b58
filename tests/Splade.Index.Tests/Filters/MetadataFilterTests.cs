using System.Text.Json.Nodes;
using Splade.Index.Filters;

namespace Splade.Index.Tests.Filters;

public class MetadataFilterTests
{
    private static readonly JsonObject Paper = new()
    {
        ["year"] = 1995,
        ["lang"] = "en",
        ["tag"] = new JsonArray("a", "c"),
        ["source"] = new JsonObject { ["name"] = "x" },
    };

    [Theory]
    [InlineData("""{"field":"lang","eq":"en"}""", true)]
    [InlineData("""{"field":"lang","eq":"fr"}""", false)]
    [InlineData("""{"field":"year","eq":1995}""", true)]
    [InlineData("""{"field":"year","eq":"1995"}""", false)]
    [InlineData("""{"field":"tag","in":["b","c"]}""", true)]
    [InlineData("""{"field":"tag","in":["b"]}""", false)]
    [InlineData("""{"field":"year","range":{"gte":1990,"lt":2000}}""", true)]
    [InlineData("""{"field":"year","range":{"gt":1995}}""", false)]
    [InlineData("""{"field":"year","range":{"lte":1995}}""", true)]
    [InlineData("""{"field":"year","range":{"lt":1995}}""", false)]
    [InlineData("""{"field":"missing","eq":1}""", false)]
    [InlineData("""{"field":"source.name","eq":"x"}""", true)]
    [InlineData("""{"and":[{"field":"lang","eq":"en"},{"field":"year","range":{"gte":2000}}]}""", false)]
    [InlineData("""{"or":[{"field":"lang","eq":"fr"},{"field":"year","range":{"gte":1990}}]}""", true)]
    [InlineData("""{"not":{"field":"lang","eq":"en"}}""", false)]
    public void Parsed_filters_match_as_documented(string json, bool expected)
        => Assert.Equal(expected, MetadataFilter.Parse(json).Matches(Paper));

    [Fact]
    public void Documents_without_metadata_match_no_field_condition()
        => Assert.False(MetadataFilter.Parse("""{"field":"lang","eq":"en"}""").Matches(null));

    [Theory]
    [InlineData("""{"field":"lang","like":"en"}""", "like")]
    [InlineData("""{"field":"year","range":{"from":1}}""", "from")]
    [InlineData("""{"and":[]}""", "and")]
    [InlineData("""{"field":"lang"}""", "no operator")]
    [InlineData("""{"eq":"en"}""", "field")]
    [InlineData("""{"field":"year","range":{"gte":"x"}}""", "must be a number")]
    [InlineData("""{"field":"lang","eq":"en","in":["a"]}""", "more than one operator")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"field":""", "not valid JSON")]
    public void Bad_filters_are_rejected_with_a_message_naming_the_problem(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MetadataFilter.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
