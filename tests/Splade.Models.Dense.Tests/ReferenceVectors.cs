using System.Text.Json;
using Splade.Tests.Shared;

namespace Splade.Models.Dense.Tests;

/// <summary>tests/fixtures/dense-reference/&lt;model&gt;.json: texts and the vectors an independent PyTorch path computed for them.</summary>
internal sealed record ReferenceVectors(string QueryPrefix, string DocumentPrefix, int MaxLength, IReadOnlyList<ReferenceVectors.Item> Items)
{
    public static ReferenceVectors Load(string model)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture("dense-reference", model + ".json")));
        var root = json.RootElement;
        var items = new List<Item>();
        foreach (var item in root.GetProperty("items").EnumerateArray())
        {
            items.Add(new Item(
                item.GetProperty("kind").GetString() == "query",
                item.GetProperty("text").GetString()!,
                item.GetProperty("input_ids").GetArrayLength(),
                [.. item.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle())]));
        }

        return new ReferenceVectors(
            root.GetProperty("query_prefix").GetString()!,
            root.GetProperty("document_prefix").GetString()!,
            root.GetProperty("max_length").GetInt32(),
            items);
    }

    /// <summary>One text: whether it is a query, the text without prefix, its token count with prefix, its unit vector.</summary>
    public sealed record Item(bool IsQuery, string Text, int TokenCount, float[] Vector);
}
