using System.Buffers.Binary;
using Splade.Index.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A replica's place in its shard's history, kept in <c>replica.state</c> beside its collection: the highest term it has
/// seen (it refuses writes of older terms, so a deposed primary cannot write through it) and the sequence number of the last write
/// it applied. Written atomically (a temporary file, fsynced, renamed) after each write.</summary>
internal readonly record struct ReplicaState(long Term, long Sequence)
{
    private const string FileName = "replica.state";

    public static ReplicaState Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return default;
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.Length == 16
            ? new ReplicaState(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)))
            : throw new IOException($"{path} is damaged.");
    }

    public void Write(string folder)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Term);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Sequence);
        using var directory = new FileSystemDirectory(folder);
        directory.WriteAtomic(FileName, bytes);
    }
}
