using System.Buffers.Binary;

namespace Splade.Checkpoints.Onnx;

/// <summary>
/// The protocol-buffers wire format, as much of it as an ONNX file needs: varints, 32-bit floats and length-delimited fields.
/// </summary>
/// <remarks>
/// Hand-written rather than generated from onnx.proto with Google.Protobuf: the few ONNX messages fit in a small file, the
/// library keeps no protobuf dependency, and large weight tensors are streamed to the file from their own arrays instead of being
/// copied into protobuf byte strings first (a generated message would hold every weight twice while it is serialised).
/// </remarks>
internal sealed class ProtoWriter
{
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[16];

    public ProtoWriter(Stream stream) => _stream = stream;

    public void Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, 5);
        BinaryPrimitives.WriteSingleLittleEndian(_scratch, value);
        _stream.Write(_scratch, 0, 4);
    }

    public void String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        _stream.Write(value);
    }

    /// <summary>Writes a nested message built by <paramref name="build"/> (small messages: nodes, shapes, attributes).</summary>
    public void Message(int field, Action<ProtoWriter> build)
    {
        using var buffer = new MemoryStream();
        build(new ProtoWriter(buffer));
        Bytes(field, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Starts a length-delimited field whose <paramref name="length"/> bytes the caller writes next.</summary>
    public void LengthPrefix(int field, long length)
    {
        Tag(field, 2);
        RawVarint((ulong)length);
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>The encoded size of a varint.</summary>
    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>The encoded size of a length-delimited field of <paramref name="length"/> bytes.</summary>
    public static long FieldSize(int field, long length) => VarintSize((ulong)(field << 3)) + VarintSize((ulong)length) + length;

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        var length = 0;
        while (value >= 0x80)
        {
            _scratch[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _scratch[length++] = (byte)value;
        _stream.Write(_scratch, 0, length);
    }
}
