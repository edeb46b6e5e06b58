using System.Text.Json;
using System.Text.Json.Serialization;
using Splade.Server.Model.Queries;

namespace Splade.Server.Json;

/// <summary>Reads <c>prefetch</c>: one prefetch object or a list of them.</summary>
internal sealed class PrefetchListJsonConverter : JsonConverter<IReadOnlyList<PrefetchRequest>>
{
    public override IReadOnlyList<PrefetchRequest>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return [JsonSerializer.Deserialize(ref reader, ApiJson.Context.PrefetchRequest)!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFormatException("expected a prefetch object or a list of them");
        }

        var list = new List<PrefetchRequest>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(JsonSerializer.Deserialize(ref reader, ApiJson.Context.PrefetchRequest)
                ?? throw new RequestFormatException("a prefetch cannot be null"));
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<PrefetchRequest> value, JsonSerializerOptions options)
        => throw new NotSupportedException("Prefetches are only read from requests.");
}
