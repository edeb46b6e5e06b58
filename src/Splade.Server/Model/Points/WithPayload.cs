using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary><c>with_payload</c>: true, false, a list of keys, <c>{"include": [...]}</c> or <c>{"exclude": [...]}</c>.</summary>
/// <param name="Selector">What it selects.</param>
[JsonConverter(typeof(WithPayloadJsonConverter))]
internal sealed record WithPayload(PayloadSelector Selector);

/// <summary><c>with_vector</c>: true, false, or a list of vector names.</summary>
/// <param name="Selector">What it selects.</param>
[JsonConverter(typeof(WithVectorJsonConverter))]
internal sealed record WithVector(VectorSelector Selector);
