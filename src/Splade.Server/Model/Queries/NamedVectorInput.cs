using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Model.Points;

namespace Splade.Server.Model.Queries;

/// <summary>The older search's <c>vector</c>: a dense array for the default vector, or <c>{"name": .., "vector": ..}</c> with a
/// dense array, a sparse vector or (Splade.NET's extension) a document.</summary>
/// <param name="Name">The named vector; empty for the default one.</param>
/// <param name="Vector">The query vector.</param>
[JsonConverter(typeof(NamedVectorInputJsonConverter))]
internal sealed record NamedVectorInput(string Name, VectorInput Vector);
