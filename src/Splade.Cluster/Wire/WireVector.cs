using Splade.Core;
using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>A dense or sparse vector as it travels between silos.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class WireVector
{
    [Id(0)]
    public float[]? Dense { get; init; }

    [Id(1)]
    public uint[]? Indices { get; init; }

    [Id(2)]
    public float[]? Values { get; init; }

    /// <summary>The text the vector was encoded from, kept for explanations.</summary>
    [Id(3)]
    public string? Text { get; init; }

    public static WireVector From(VectorValue value) => new()
    {
        Dense = value.Dense,
        Indices = value.Sparse?.Indices.ToArray(),
        Values = value.Sparse?.Values.ToArray(),
        Text = value.SourceText,
    };

    public VectorValue ToValue()
        => (Dense is { } dense ? VectorValue.FromDense(dense) : VectorValue.FromSparse(SparseVector.Wrap(Indices ?? [], Values ?? [])))
            with { SourceText = Text };
}
