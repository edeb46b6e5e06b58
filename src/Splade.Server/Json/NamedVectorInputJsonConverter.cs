using System.Text.Json;
using Splade.Server.Model.Queries;

namespace Splade.Server.Json;

/// <summary>Reads the older search's <c>vector</c>: a dense array, or <c>{"name": .., "vector": ..}</c>.</summary>
internal sealed class NamedVectorInputJsonConverter : InputOnlyJsonConverter<NamedVectorInput>
{
    protected override NamedVectorInput Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return new NamedVectorInput(string.Empty, VectorInputJsonConverter.ReadVector(element, string.Empty));
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("vector", out var vector))
        {
            throw JsonInput.Error(string.Empty, "expected an array of numbers or {\"name\": \"...\", \"vector\": ...}");
        }

        var input = VectorInputJsonConverter.ReadVector(vector, "vector");
        return input.Id is null ? new NamedVectorInput(name.GetString()!, input) : throw JsonInput.Error("vector", "a search vector cannot be a point id");
    }
}
