namespace Splade.Checkpoints.Onnx;

/// <summary>Reads protocol-buffers fields one at a time from a buffer (the counterpart of <see cref="ProtoWriter"/>).</summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public int Field { get; private set; }

    public int WireType { get; private set; }

    public ulong Number { get; private set; }

    /// <summary>The offset of <see cref="Bytes"/> in the buffer, for a length-delimited field.</summary>
    public int BytesOffset { get; private set; }

    public ReadOnlySpan<byte> Bytes { get; private set; }

    /// <summary>Moves to the next field; false at the end.</summary>
    /// <exception cref="FormatException">The buffer is not a well-formed message.</exception>
    public bool Next()
    {
        if (_position >= _buffer.Length)
        {
            return false;
        }

        var key = ReadVarint();
        Field = (int)(key >> 3);
        WireType = (int)(key & 7);
        switch (WireType)
        {
            case 0:
                Number = ReadVarint();
                break;
            case 1:
                Number = BitConverter.ToUInt64(Take(8));
                break;
            case 2:
                var length = ReadVarint();
                if (length > (ulong)(_buffer.Length - _position))
                {
                    throw new FormatException($"a field of {length} bytes runs past the end of the message at byte {_position}");
                }

                BytesOffset = _position;
                Bytes = Take((int)length);
                break;
            case 5:
                Number = BitConverter.ToUInt32(Take(4));
                break;
            default:
                throw new FormatException($"unsupported wire type {WireType} at byte {_position}");
        }

        return true;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new FormatException($"the message ends inside a field at byte {_position}");
        }

        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw new FormatException("the message ends inside a varint");
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException($"a varint longer than 10 bytes at byte {_position}");
    }
}
