using System.Buffers.Binary;

namespace Splade.Index.Storage;

/// <summary>Reads the sections <see cref="FileSectionWriter"/> wrote, in order, checking every length against the payload.</summary>
internal struct SectionReader(string fileName, ReadOnlyMemory<byte> payload)
{
    private int _position;

    /// <summary>Returns the next section's bytes, checking that it holds whole <typeparamref name="T"/> values.</summary>
    public ReadOnlyMemory<byte> Next<T>(string what)
        where T : unmanaged
    {
        var span = payload.Span;
        if (span.Length - _position < 8)
        {
            throw new IndexCorruptedException(fileName, $"the section '{what}' is missing.");
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(span[_position..]);
        var size = (ulong)System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (length > (ulong)(span.Length - _position - 8) || length % size != 0)
        {
            throw new IndexCorruptedException(fileName, $"the section '{what}' claims {length} bytes, which does not fit the file.");
        }

        var start = _position + 8;
        _position = start + (int)length + (int)((8 - (length % 8)) % 8);
        return payload.Slice(start, (int)length);
    }

    /// <summary>Checks that every section has been read.</summary>
    public readonly void End()
    {
        if (_position != payload.Length)
        {
            throw new IndexCorruptedException(fileName, $"{payload.Length - _position} unexpected bytes follow the last section.");
        }
    }
}
