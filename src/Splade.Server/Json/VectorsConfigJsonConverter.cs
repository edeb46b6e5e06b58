using System.Text.Json;
using Splade.Server.Model.Collections;

namespace Splade.Server.Json;

/// <summary>Reads a collection's <c>vectors</c>: one <c>{"size", "distance"}</c>, or a map of them by name.</summary>
internal sealed class VectorsConfigJsonConverter : InputOnlyJsonConverter<VectorsConfigInput>
{
    protected override VectorsConfigInput Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(string.Empty, $"expected {{\"size\", \"distance\"}} or a map of them by vector name, got {JsonInput.Describe(element)}");
        }

        if (element.TryGetProperty("size", out _) || element.TryGetProperty("distance", out _))
        {
            return new VectorsConfigInput { Single = element.Deserialize(ApiJson.Context.VectorParamsInput) };
        }

        var named = new Dictionary<string, VectorParamsInput>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            named[property.Name] = property.Value.ValueKind == JsonValueKind.Object
                ? property.Value.Deserialize(ApiJson.Context.VectorParamsInput)!
                : throw JsonInput.Error(property.Name, $"expected {{\"size\", \"distance\"}}, got {JsonInput.Describe(property.Value)}");
        }

        return new VectorsConfigInput { Named = named };
    }
}
