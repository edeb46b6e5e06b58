using Splade.Core;
using Splade.Index.Segments;

namespace Splade.Index.Writing;

/// <summary>A validated document in stored form, ready for the write-ahead log and a segment.</summary>
internal sealed class PreparedDocument
{
    public required string Id { get; init; }

    public required byte[] IdUtf8 { get; init; }

    public required SparseVector Vector { get; init; }

    public byte[]? MetadataUtf8 { get; init; }

    public byte[]? TextUtf8 { get; init; }

    public float[]? Dense { get; init; }

    public StoredDocument ToStored(long sequence) => new()
    {
        IdUtf8 = IdUtf8,
        Sequence = sequence,
        Indices = Vector.Indices,
        Values = Vector.Values,
        HasMetadata = MetadataUtf8 is not null,
        MetadataUtf8 = MetadataUtf8,
        HasText = TextUtf8 is not null,
        TextUtf8 = TextUtf8,
        Dense = Dense,
    };
}
