using System.Text.Json;
using Splade.Server.Model.Points;

namespace Splade.Server.Json;

/// <summary>Reads a batch's <c>vectors</c>: a list for the default vector, or lists by vector name.</summary>
internal sealed class BatchVectorsJsonConverter : InputOnlyJsonConverter<BatchVectors>
{
    protected override BatchVectors Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return new BatchVectors { Default = List(element, string.Empty) };
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(string.Empty, $"expected a list of vectors or lists by vector name, got {JsonInput.Describe(element)}");
        }

        var named = new Dictionary<string, IReadOnlyList<VectorInput>>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            named[property.Name] = List(property.Value, property.Name);
        }

        return new BatchVectors { Named = named };
    }

    private static List<VectorInput> List(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw JsonInput.Error(where, $"expected a list of vectors, got {JsonInput.Describe(element)}");
        }

        var list = new List<VectorInput>(element.GetArrayLength());
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var vector = VectorInputJsonConverter.ReadVector(item, $"{where}[{i++}]");
            list.Add(vector.Id is null ? vector : throw JsonInput.Error($"{where}[{i - 1}]", "a point's vector cannot be a point id"));
        }

        return list;
    }
}
