using System.Text.Json.Serialization;
using Splade.Server.Json;

namespace Splade.Server.Model.Points;

/// <summary>A point's vectors as sent: one vector for the unnamed default vector (a dense array or a document), or a map by name.</summary>
[JsonConverter(typeof(VectorStructJsonConverter))]
internal sealed record VectorStruct
{
    /// <summary>The default (unnamed) vector, when the point gives one.</summary>
    public VectorInput? Default { get; init; }

    /// <summary>Vectors by name, when the point gives a map.</summary>
    public IReadOnlyDictionary<string, VectorInput>? Named { get; init; }
}
