using System.Text.Json;
using Splade.Server.Model.Points;

namespace Splade.Server.Json;

/// <summary>Reads a point's <c>vector</c>: an array or a document for the default vector, or a map of named vectors.</summary>
internal sealed class VectorStructJsonConverter : InputOnlyJsonConverter<VectorStruct>
{
    /// <summary>Reads the common shapes straight from the reader (<see cref="FastVectorReader"/>); anything else, and every error,
    /// through the parsed element.</summary>
    public override VectorStruct Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var attempt = reader;
        if (FastVectorReader.TryReadStruct(ref attempt, out var vectors))
        {
            reader = attempt;
            return vectors!;
        }

        return base.Read(ref reader, typeToConvert, options);
    }

    protected override VectorStruct Read(JsonElement element) => ReadStruct(element, string.Empty);

    public static VectorStruct ReadStruct(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Array || JsonInput.IsDocument(element))
        {
            return new VectorStruct { Default = Vector(element, where) };
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(where, $"expected a vector or a map of named vectors, got {JsonInput.Describe(element)}");
        }

        var named = new Dictionary<string, VectorInput>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            named[property.Name] = Vector(property.Value, where.Length == 0 ? property.Name : $"{where}.{property.Name}");
        }

        return new VectorStruct { Named = named };
    }

    private static VectorInput Vector(JsonElement element, string where)
    {
        var vector = VectorInputJsonConverter.ReadVector(element, where);
        return vector.Id is null ? vector : throw JsonInput.Error(where, "a point's vector cannot be a point id");
    }
}
