namespace Splade.Index.Segments;

/// <summary>The kind of one node of a segment's typed metadata (<see cref="TypedMetadata"/>): a JSON value's type.</summary>
internal enum MetadataKind : byte
{
    Null = 0,
    False = 1,
    True = 2,
    Number = 3,
    String = 4,
    Array = 5,
    Object = 6,
}
