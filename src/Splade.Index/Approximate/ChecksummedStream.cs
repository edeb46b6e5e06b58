using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Splade.Index.Approximate;

/// <summary>Writes or reads little-endian primitives and arrays through a stream while hashing every byte (XxHash64) for the footer.</summary>
internal sealed class ChecksummedStream
{
    private readonly Stream _stream;
    private readonly XxHash64 _hash = new();

    public ChecksummedStream(Stream stream)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The approximate index format is little-endian; big-endian platforms are not supported.");
        }

        _stream = stream;
    }

    public long Position { get; private set; }

    public ulong Checksum => _hash.GetCurrentHashAsUInt64();

    public void Write<T>(T value)
        where T : unmanaged
        => Write(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        _hash.Append(bytes);
        _stream.Write(bytes);
        Position += bytes.Length;
    }

    public T Read<T>()
        where T : unmanaged
    {
        T value = default;
        Read(MemoryMarshal.CreateSpan(ref value, 1));
        return value;
    }

    public T[] ReadArray<T>(long count, string what)
        where T : unmanaged
    {
        CheckDeclared(count, Marshal.SizeOf<T>(), what);
        var values = new T[count];
        Read(values.AsSpan());
        return values;
    }

    /// <summary>Fills <paramref name="destination"/> with the next bytes, after checking that the stream holds that many.</summary>
    public void ReadInto(Span<byte> destination, string what)
    {
        CheckDeclared(destination.Length, 1, what);
        Read(destination);
    }

    private void CheckDeclared(long count, int size, string what)
    {
        if (count < 0 || count > Array.MaxLength || (_stream.CanSeek && count * size > _stream.Length - _stream.Position))
        {
            throw new ApproximateIndexCorruptedException(
                $"The stored approximate index declares {count} entries of {what} at byte {Position}, more than the stream holds.");
        }
    }

    private void Read<T>(Span<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        try
        {
            _stream.ReadExactly(bytes);
        }
        catch (EndOfStreamException exception)
        {
            throw new ApproximateIndexCorruptedException($"The stored approximate index ends early, at byte {Position}; it is truncated.", exception);
        }

        _hash.Append(bytes);
        Position += bytes.Length;
    }
}
