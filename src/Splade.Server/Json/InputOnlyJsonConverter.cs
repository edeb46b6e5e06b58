using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splade.Server.Json;

/// <summary>A converter for a request-only type: it reads the type from the parsed element; writing is never needed.</summary>
/// <typeparam name="T">The type read.</typeparam>
internal abstract class InputOnlyJsonConverter<T> : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => Read(JsonInput.Parse(ref reader));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        => throw new NotSupportedException($"{typeof(T).Name} is only read from requests.");

    protected abstract T Read(JsonElement element);
}
