using System.Text.Json.Nodes;
using Splade.Index.Filters;

namespace Splade.Index.Tests.Filters;

public class FieldPathTests
{
    private static readonly JsonObject Document = JsonNode.Parse("""
        {"a": {"b": 1, "c.d": 2}, "list": [{"x": 1}, {"x": 2}, {"y": 3}], "plain": [4, 5], "n": null}
        """)!.AsObject();

    [Theory]
    [InlineData("a.b", "[1]")]
    [InlineData("a.\"c.d\"", "[2]")]
    [InlineData("list[].x", "[1,2]")]
    [InlineData("list[1].x", "[2]")]
    [InlineData("list[7].x", "[]")]
    [InlineData("plain", "[[4,5]]")]
    [InlineData("plain[]", "[4,5]")]
    [InlineData("n", "[null]")]
    [InlineData("missing.b", "[]")]
    [InlineData("a.b.c", "[]")]
    public void A_path_selects_every_value_it_reaches(string path, string expected)
    {
        var values = new List<JsonNode?>();
        FieldPath.Parse(path).Collect(Document, values);
        Assert.Equal(expected, new JsonArray([.. values.Select(v => v?.DeepClone())]).ToJsonString());
    }

    [Theory]
    [InlineData("a..b", "character 3")]
    [InlineData("a.", "expected a key")]
    [InlineData("[0]", "starts with a key")]
    [InlineData("a[x]", "non-negative integer")]
    [InlineData("a[", "not closed")]
    [InlineData("a.\"b", "quoted key")]
    [InlineData("a]b", "expected '.'")]
    public void Malformed_paths_are_rejected_with_the_position(string path, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => FieldPath.Parse(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_count_range_that_excludes_zero_does_not_match_a_missing_field()
    {
        Assert.True(MetadataFilter.ValuesCount("missing", 0, 3).Matches(Document));
        Assert.False(MetadataFilter.ValuesCount("missing", 0, -1).Matches(Document));
        Assert.False(MetadataFilter.ValuesCount("missing", 1, 3).Matches(Document));
        Assert.True(MetadataFilter.ValuesCount("plain", 2, 2).Matches(Document));
    }
}
