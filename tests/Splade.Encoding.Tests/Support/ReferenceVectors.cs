using System.IO.Compression;
using System.Text.Json;
using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Support;

/// <summary>One text of a golden reference file with its Hugging Face ids and reference vectors.</summary>
internal sealed record ReferenceItem(string Text, int[] InputIds, SparseVector Max, SparseVector? Sum);

/// <summary>Reads the golden files under tests/fixtures.</summary>
internal static class ReferenceVectors
{
    public static IReadOnlyList<ReferenceItem> Items(string model)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture(model, "reference.json")));
        var items = new List<ReferenceItem>();
        foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
        {
            items.Add(ReadItem(item));
        }

        return items;
    }

    public static double[][] SeedSimilarity(string model, string metric)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture(model, "reference.json")));
        return document.RootElement.GetProperty("seed_similarity").GetProperty(metric).Deserialize<double[][]>()!;
    }

    public static IReadOnlyList<ReferenceItem> BatchReference()
    {
        using var file = File.OpenRead(TestPaths.Fixture("batch-reference.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var items = new List<ReferenceItem>();
        while (reader.ReadLine() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            items.Add(ReadItem(document.RootElement));
        }

        return items;
    }

    private static ReferenceItem ReadItem(JsonElement item)
    {
        var sum = item.TryGetProperty("sum", out var sumElement) ? ReadVector(sumElement) : null;
        return new ReferenceItem(
            item.GetProperty("text").GetString()!, item.GetProperty("input_ids").Deserialize<int[]>()!, ReadVector(item.GetProperty("max")), sum);
    }

    private static SparseVector ReadVector(JsonElement element)
        => SparseVector.Wrap(element.GetProperty("indices").Deserialize<uint[]>()!, element.GetProperty("values").Deserialize<float[]>()!, 30522);
}
