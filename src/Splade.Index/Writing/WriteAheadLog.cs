using System.Buffers.Binary;
using System.IO.Hashing;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>The write-ahead log: every acknowledged upsert or delete is appended (and flushed to stable storage) before it is applied.</summary>
/// <remarks>
/// <para>
/// Version 2 (written since the log records its base): a 16-byte header (magic, version, the operation number the log continues
/// from), then records of a 12-byte header (payload length, CRC-32 of the payload, CRC-32 of those 8 bytes) and the payload. The
/// header's own checksum tells a damaged length, which would otherwise look like a record cut short, from a write that never
/// completed. Version 1 logs (no base, 8-byte record headers) are still read.
/// </para>
/// <para>
/// Reading classifies the end of the log (<see cref="LogTail"/>): a record cut short (or a zero-filled tail) is a write that never
/// completed, so it was never acknowledged; a record that is complete but fails a check is damage, and may have been acknowledged.
/// Reading changes nothing: the writer decides what to keep.
/// </para>
/// </remarks>
internal sealed class WriteAheadLog : IDisposable
{
    public const string FileName = "wal.log";
    private const int HeaderLength = 16;
    private const uint Magic = 0x574C5053; // "SPLW"
    private const ushort CurrentVersion = 2;
    private const int RecordHeaderLength = 12;
    private const int Version1RecordHeaderLength = 8;

    private readonly IIndexDirectory _directory;
    private readonly bool _durable;
    private IAppendableFile _file;

    private WriteAheadLog(IIndexDirectory directory, bool durable, IAppendableFile file)
    {
        _directory = directory;
        _durable = durable;
        _file = file;
    }

    /// <summary>Starts a new, empty log (replacing any) whose first record will be operation <paramref name="baseOperation"/> + 1.</summary>
    public static WriteAheadLog Create(IIndexDirectory directory, bool durable, long baseOperation)
    {
        directory.WriteAtomic(FileName, Header(baseOperation));
        return new WriteAheadLog(directory, durable, directory.OpenAppend(FileName));
    }

    /// <summary>Appends to the existing version 2 log after its last verified record, cutting off what follows it.</summary>
    public static WriteAheadLog Continue(IIndexDirectory directory, bool durable, LogContents contents)
    {
        if (contents.Version != CurrentVersion)
        {
            throw new InvalidOperationException("Only a version 2 log is appended to; an older one is replaced once replayed.");
        }

        var file = directory.OpenAppend(FileName);
        if (file.Length != contents.ValidLength)
        {
            file.Truncate(contents.ValidLength);
        }

        return new WriteAheadLog(directory, durable, file);
    }

    /// <summary>Reads the log without changing it; null when the directory has none.</summary>
    /// <exception cref="IndexCorruptedException">The log's header is damaged.</exception>
    public static LogContents? Read(IIndexDirectory directory)
    {
        byte[] bytes;
        try
        {
            bytes = directory.ReadAllBytes(FileName);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return Parse(bytes);
    }

    /// <summary>Parses a whole log file (see <see cref="Read"/>).</summary>
    public static LogContents Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength)
        {
            // Logs are created whole (written aside, then renamed), so a short one was cut by damage, or is from before that.
            return bytes.Length == 0 || IsZero(bytes)
                ? new LogContents(CurrentVersion, 0, [], 0, LogTail.None)
                : throw new IndexCorruptedException(FileName, $"it is {bytes.Length} bytes long, shorter than its header.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || version is not (1 or CurrentVersion))
        {
            throw new IndexCorruptedException(FileName, "the header magic number or version is wrong.");
        }

        var baseOperation = version == 1 ? -1 : BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        var operations = new List<WalOperation>();
        var position = HeaderLength;
        var tail = LogTail.None;
        while (position < bytes.Length && tail.Kind == LogTailKind.None)
        {
            tail = version == 1
                ? ReadVersion1Record(bytes, ref position, operations)
                : ReadRecord(bytes, ref position, operations, baseOperation);
        }

        return new LogContents(version, baseOperation, operations, position, tail);
    }

    public void Append(byte[] payload)
    {
        var record = new byte[RecordHeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32.HashToUInt32(record.AsSpan(0, 8)));
        payload.CopyTo(record, RecordHeaderLength);
        _file.Append(record, _durable);
    }

    /// <summary>Empties the log once a commit covers every record in it; the next record will be <paramref name="baseOperation"/> + 1.</summary>
    public void Reset(long baseOperation)
    {
        _file.Dispose();
        _directory.WriteAtomic(FileName, Header(baseOperation));
        _file = _directory.OpenAppend(FileName);
    }

    public void Dispose() => _file.Dispose();

    private static LogTail ReadRecord(ReadOnlySpan<byte> bytes, ref int position, List<WalOperation> operations, long baseOperation)
    {
        var expected = (operations.Count > 0 ? operations[^1].Number : baseOperation) + 1;
        var rest = bytes[position..];
        if (rest.Length < RecordHeaderLength)
        {
            return LogTail.Incomplete(position, rest.Length, expected);
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        if (Crc32.HashToUInt32(rest[..8]) != BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]))
        {
            // A tail of zeros is a file system's unwritten extension after a crash: the write never completed. Anything else in a
            // record header that fails its check is damage.
            return IsZero(rest)
                ? LogTail.Incomplete(position, rest.Length, expected)
                : LogTail.Damaged(position, rest.Length, expected, "its header fails its checksum");
        }

        if (length > (uint)(rest.Length - RecordHeaderLength))
        {
            return LogTail.Incomplete(position, rest.Length, expected);
        }

        return Accept(rest.Slice(RecordHeaderLength, (int)length), BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]), ref position,
            RecordHeaderLength, rest.Length, operations, expected);
    }

    private static LogTail ReadVersion1Record(ReadOnlySpan<byte> bytes, ref int position, List<WalOperation> operations)
    {
        var expected = operations.Count > 0 ? operations[^1].Number + 1 : -1;
        var rest = bytes[position..];
        if (rest.Length < Version1RecordHeaderLength)
        {
            return LogTail.Incomplete(position, rest.Length, expected);
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        if (length > (uint)(rest.Length - Version1RecordHeaderLength))
        {
            // Version 1 records have no header checksum: a damaged length cannot be told from a torn write.
            return LogTail.Incomplete(position, rest.Length, expected);
        }

        return Accept(rest.Slice(Version1RecordHeaderLength, (int)length), BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]), ref position,
            Version1RecordHeaderLength, rest.Length, operations, expected);
    }

    private static LogTail Accept(
        ReadOnlySpan<byte> payload, uint checksum, ref int position, int headerLength, int rest, List<WalOperation> operations, long expected)
    {
        if (Crc32.HashToUInt32(payload) != checksum)
        {
            return LogTail.Damaged(position, rest, expected, "its payload fails its checksum");
        }

        WalOperation operation;
        try
        {
            operation = WalCodec.Decode(FileName, payload.ToArray());
        }
        catch (IndexCorruptedException error)
        {
            return LogTail.Damaged(position, rest, expected, error.Message);
        }

        if (expected >= 0 && operation.Number != expected)
        {
            return LogTail.Damaged(position, rest, expected, $"it holds operation {operation.Number} where operation {expected} was due");
        }

        operations.Add(operation);
        position += headerLength + payload.Length;
        return LogTail.None;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static byte[] Header(long baseOperation)
    {
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), CurrentVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), baseOperation);
        return header;
    }
}
