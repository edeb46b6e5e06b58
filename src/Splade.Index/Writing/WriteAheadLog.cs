using System.Buffers.Binary;
using System.IO.Hashing;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>The write-ahead log: every acknowledged upsert or delete is appended (and flushed to stable storage) before it is applied.</summary>
/// <remarks>
/// After a 16-byte header, each record is: payload length (u32), CRC-32 of the payload (u32), payload. A record that runs past the end
/// of the file is a write the process did not finish (it was never acknowledged) and is dropped on recovery; a complete record whose
/// checksum fails is damage, reported as <see cref="IndexCorruptedException"/>.
/// </remarks>
internal sealed class WriteAheadLog : IDisposable
{
    public const string FileName = "wal.log";
    private const int HeaderLength = 16;
    private const uint Magic = 0x574C5053; // "SPLW"
    private const ushort Version = 1;

    private readonly IIndexDirectory _directory;
    private readonly bool _durable;
    private IAppendableFile _file;

    private WriteAheadLog(IIndexDirectory directory, bool durable, IAppendableFile file)
    {
        _directory = directory;
        _durable = durable;
        _file = file;
    }

    /// <summary>Opens the log, returning the complete records it holds; a torn final record is cut off.</summary>
    public static WriteAheadLog Open(IIndexDirectory directory, bool durable, out List<WalOperation> operations)
    {
        operations = [];
        if (!directory.Exists(FileName))
        {
            directory.WriteAtomic(FileName, Header());
            return new WriteAheadLog(directory, durable, directory.OpenAppend(FileName));
        }

        long validLength;
        using (var data = directory.OpenRead(FileName))
        {
            validLength = ReadRecords(data.Bytes.Span, operations);
        }

        if (validLength == 0)
        {
            directory.WriteAtomic(FileName, Header());
            return new WriteAheadLog(directory, durable, directory.OpenAppend(FileName));
        }

        var file = directory.OpenAppend(FileName);
        if (file.Length != validLength)
        {
            file.Truncate(validLength);
        }

        return new WriteAheadLog(directory, durable, file);
    }

    public void Append(byte[] payload)
    {
        var record = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(record, 8);
        _file.Append(record, _durable);
    }

    /// <summary>Empties the log once a commit covers every record in it.</summary>
    public void Reset()
    {
        _file.Dispose();
        _directory.WriteAtomic(FileName, Header());
        _file = _directory.OpenAppend(FileName);
    }

    public void Dispose() => _file.Dispose();

    private static long ReadRecords(ReadOnlySpan<byte> bytes, List<WalOperation> operations)
    {
        if (bytes.Length < HeaderLength)
        {
            // A log shorter than its header was being created when the process stopped; it holds no acknowledged write.
            return bytes.Length == 0 ? 0 : throw new IndexCorruptedException(FileName, $"it is {bytes.Length} bytes long, shorter than its header.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) != Version)
        {
            throw new IndexCorruptedException(FileName, "the header magic number or version is wrong.");
        }

        var position = HeaderLength;
        while (bytes.Length - position >= 8)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[position..]);
            if (length > (uint)(bytes.Length - position - 8))
            {
                break;
            }

            var payload = bytes.Slice(position + 8, (int)length);
            if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]))
            {
                throw new IndexCorruptedException(FileName, $"the record at byte {position} fails its checksum.");
            }

            operations.Add(WalCodec.Decode(FileName, payload.ToArray()));
            position += 8 + (int)length;
        }

        return position;
    }

    private static byte[] Header()
    {
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), Version);
        return header;
    }
}
