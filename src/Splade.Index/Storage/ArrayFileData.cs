namespace Splade.Index.Storage;

/// <summary>File contents held in a managed array (the in-memory directory, and files too small to map).</summary>
internal sealed class ArrayFileData(string name, byte[] bytes) : IndexFileData(name)
{
    public override ReadOnlyMemory<byte> Bytes { get; } = bytes;
}
