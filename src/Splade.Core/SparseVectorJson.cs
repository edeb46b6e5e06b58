using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splade.Core;

/// <summary>
/// Reads and writes sparse vectors as <c>{"indices": [...], "values": [...]}</c>, the shape Pinecone and Qdrant accept.
/// </summary>
/// <remarks>Thread safety: stateless; one instance may serve any number of serializers and threads at once.</remarks>
public sealed class SparseVectorJsonConverter : JsonConverter<SparseVector>
{
    /// <summary>The converter with no dimension bound.</summary>
    public static SparseVectorJsonConverter Instance { get; } = new();

    /// <inheritdoc />
    public override SparseVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A sparse vector must be a JSON object with \"indices\" and \"values\", found {reader.TokenType}.");
        }

        uint[]? indices = null;
        float[]? values = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "indices":
                    indices = ReadArray(
                        ref reader,
                        "indices",
                        static (ref Utf8JsonReader r)
                            => r.TryGetUInt32(out var v)
                                ? v
                                : throw new JsonException($"\"indices\" holds {r.GetDouble()}, which is not a non-negative 32-bit integer."));
                    break;
                case "values":
                    values = ReadArray(ref reader, "values", static (ref Utf8JsonReader r) => r.GetSingle());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (indices is null || values is null)
        {
            throw new JsonException($"A sparse vector needs both \"indices\" and \"values\"; \"{(indices is null ? "indices" : "values")}\" is missing.");
        }

        try
        {
            return SparseVector.Wrap(indices, values);
        }
        catch (ArgumentException error)
        {
            throw new JsonException(error.Message, error);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SparseVector value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        WriteBody(writer, value);
        writer.WriteEndObject();
    }

    /// <summary>Writes the <c>"indices"</c> and <c>"values"</c> properties into an object the caller has opened.</summary>
    public static void WriteBody(Utf8JsonWriter writer, SparseVector value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray("indices");
        foreach (var index in value.Indices)
        {
            writer.WriteNumberValue(index);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("values");
        foreach (var weight in value.Values)
        {
            writer.WriteNumberValue(weight);
        }

        writer.WriteEndArray();
    }

    private delegate T ElementReader<out T>(ref Utf8JsonReader reader);

    private static T[] ReadArray<T>(ref Utf8JsonReader reader, string name, ElementReader<T> readElement)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"\"{name}\" must be an array, found {reader.TokenType}.");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"\"{name}\"[{items.Count}] must be a number, found {reader.TokenType}.");
            }

            items.Add(readElement(ref reader));
        }

        return [.. items];
    }
}

public sealed partial class SparseVector
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Converters = { SparseVectorJsonConverter.Instance } };

    /// <summary>The vector as <c>{"indices": [...], "values": [...]}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses <c>{"indices": [...], "values": [...]}</c>, validating the vector.</summary>
    /// <exception cref="JsonException">The text is not such an object, or the vector breaks an invariant (the message says which position).</exception>
    public static SparseVector FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<SparseVector>(json, JsonOptions) ?? throw new JsonException("The JSON text is null, not a sparse vector.");
    }
}
