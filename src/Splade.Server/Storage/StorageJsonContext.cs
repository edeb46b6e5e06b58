using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Splade.Server.Storage;

/// <summary>The JSON forms of the files a collection keeps (configuration, checkpoint) and of payloads in its log.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CollectionConfig))]
[JsonSerializable(typeof(CheckpointState))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
