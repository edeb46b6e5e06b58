using System.Text.Json;
using System.Text.Json.Serialization;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>Reads and writes a point id as Qdrant does: an unsigned integer, or a UUID string.</summary>
internal sealed class PointIdJsonConverter : JsonConverter<PointId>
{
    public override PointId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => JsonInput.ReadPointId(JsonInput.Parse(ref reader), string.Empty);

    public override void Write(Utf8JsonWriter writer, PointId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsUuid)
        {
            writer.WriteStringValue(value.ToString());
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
