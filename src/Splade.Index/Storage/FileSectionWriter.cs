using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Splade.Index.Storage;

/// <summary>Writes the length-prefixed, 8-byte-aligned sections of a checksummed file straight into one array of the file's
/// final size, then seals it with header and footer.</summary>
/// <remarks>Segment files reach a gigabyte or more. Growing a buffer by doubling and then copying it into the envelope
/// touches about three times the file's size in fresh memory, and touching fresh memory is what dominates building a large
/// segment (first-touch page faults cost seconds per gigabyte on virtual machines); one exact allocation touches it once.
/// <see cref="SectionReader"/> reads the sections back.</remarks>
internal sealed class FileSectionWriter
{
    private const int PrefixLength = sizeof(ulong);
    private readonly byte[]? _file;
    private long _position = ChecksummedFile.HeaderLength;

    private FileSectionWriter(byte[]? file) => _file = file;

    /// <summary>Runs <paramref name="write"/> once to measure the payload and once more to fill a file of exactly that size.</summary>
    public static byte[] Write(IndexFileKind kind, Action<FileSectionWriter> write)
    {
        var measure = new FileSectionWriter(null);
        write(measure);
        var writer = Create(measure._position - ChecksummedFile.HeaderLength);
        write(writer);
        return writer.Seal(kind);
    }

    /// <summary>A writer for a payload of exactly <paramref name="payloadBytes"/> bytes (a sum of <see cref="SectionLength{T}"/>).</summary>
    public static FileSectionWriter Create(long payloadBytes)
        => new(new byte[checked((int)(ChecksummedFile.HeaderLength + payloadBytes + ChecksummedFile.FooterLength))]);

    /// <summary>The bytes a section of <paramref name="count"/> values takes: length prefix, values, padding to 8 bytes.</summary>
    public static long SectionLength<T>(long count)
        where T : unmanaged
        => PrefixLength + (((count * Unsafe.SizeOf<T>()) + 7) & ~7L);

    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var section = Reserve<T>(values.Length);
        if (_file is not null)
        {
            values.CopyTo(section);
        }
    }

    /// <summary>Appends a section of <paramref name="count"/> values and returns it to be filled (empty while measuring).</summary>
    public Span<T> Reserve<T>(int count)
        where T : unmanaged
    {
        var start = _position;
        _position += SectionLength<T>(count);
        if (_file is null)
        {
            return [];
        }

        var bytes = count * Unsafe.SizeOf<T>();
        BinaryPrimitives.WriteUInt64LittleEndian(_file.AsSpan((int)start, PrefixLength), (ulong)bytes);
        return MemoryMarshal.Cast<byte, T>(_file.AsSpan((int)start + PrefixLength, bytes));
    }

    /// <summary>Writes header and footer around the sections and returns the file.</summary>
    /// <exception cref="InvalidOperationException">The sections written do not fill the size given at creation.</exception>
    public byte[] Seal(IndexFileKind kind)
    {
        if (_file is null || _position != _file.Length - ChecksummedFile.FooterLength)
        {
            throw new InvalidOperationException($"The sections written ({_position - ChecksummedFile.HeaderLength} bytes) do not fill the file's payload.");
        }

        ChecksummedFile.Seal(kind, _file);
        return _file;
    }
}
