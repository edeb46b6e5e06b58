using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Splade.Index.Storage;

namespace Splade.Server.Storage;

/// <summary>A collection's write-ahead log: every write is appended and flushed to stable storage before it is applied to the
/// collection's indexes and acknowledged, so one write spread over several indexes is all-or-nothing across a crash.</summary>
/// <remarks>
/// <para>The log is a series of files <c>wal-NNNNNNNN.log</c>: an 8-byte magic and a version, then records of
/// <c>[u32 length][u32 CRC-32 of the payload][payload]</c>, the payload being <see cref="PointChangeCodec"/>'s form. A checkpoint
/// (<see cref="Rotate"/>, then flushing every index, then <see cref="DeleteBefore"/>) retires the older files.</para>
/// <para>Opening reads every file in order. A record cut short or failing its checksum at the end of the newest file is an append
/// the crash interrupted (never acknowledged): it and whatever follows are cut off. Damage anywhere else is reported.</para>
/// </remarks>
internal sealed class CollectionLog : IDisposable
{
    private static readonly byte[] Magic = "SPLDCWAL"u8.ToArray();
    private const int Version = 1;
    private const int HeaderLength = 12;
    private readonly string _folder;
    private FileStream _current;
    private int _currentNumber;

    private CollectionLog(string folder, FileStream current, int currentNumber)
    {
        _folder = folder;
        _current = current;
        _currentNumber = currentNumber;
    }

    /// <summary>The size of the file being appended to, in bytes.</summary>
    public long CurrentBytes => _current.Length;

    /// <summary>Opens (or creates) the log in <paramref name="folder"/> and returns the records it holds, oldest first.</summary>
    /// <exception cref="StoreException">A log file is damaged other than at the end of the newest one.</exception>
    public static CollectionLog Open(string folder, out List<byte[]> records)
    {
        Directory.CreateDirectory(folder);
        records = [];
        var numbers = ListFiles(folder);
        for (var i = 0; i < numbers.Count; i++)
        {
            ReadFile(PathOf(folder, numbers[i]), records, newest: i == numbers.Count - 1);
        }

        var number = numbers.Count == 0 ? 1 : numbers[^1];
        var path = PathOf(folder, number);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length == 0)
        {
            WriteHeader(stream);
            FolderSync.Flush(folder);
        }

        stream.Seek(0, SeekOrigin.End);
        return new CollectionLog(folder, stream, number);
    }

    /// <summary>Appends one record and flushes it to stable storage.</summary>
    public void Append(byte[] payload) => Append([payload]);

    /// <summary>Appends records in order and flushes them to stable storage together: one flush (fsync) for a group of writes
    /// (group commit). If it throws, none of them is in the log.</summary>
    public void Append(IReadOnlyList<byte[]> payloads)
    {
        Span<byte> header = stackalloc byte[8];
        var start = _current.Position;
        try
        {
            foreach (var payload in payloads)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(payload));
                _current.Write(header);
                _current.Write(payload);
            }

            _current.Flush(flushToDisk: true);
        }
        catch
        {
            // Leave no partial record behind a failed append (a full disk), so later appends stay readable.
            _current.SetLength(start);
            _current.Position = start;
            throw;
        }
    }

    /// <summary>Starts a new file; records appended from now on go there. Returns the new file's number.</summary>
    public int Rotate()
    {
        var next = _currentNumber + 1;
        var stream = new FileStream(PathOf(_folder, next), FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        WriteHeader(stream);
        FolderSync.Flush(_folder);
        _current.Dispose();
        _current = stream;
        _currentNumber = next;
        return next;
    }

    /// <summary>Removes the files older than file <paramref name="number"/>, whose records every index now holds durably.</summary>
    public void DeleteBefore(int number)
    {
        foreach (var older in ListFiles(_folder))
        {
            if (older < number)
            {
                File.Delete(PathOf(_folder, older));
            }
        }

        FolderSync.Flush(_folder);
    }

    public void Dispose() => _current.Dispose();

    private static List<int> ListFiles(string folder)
    {
        var numbers = new List<int>();
        foreach (var path in Directory.EnumerateFiles(folder, "wal-*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbers.Add(number);
            }
        }

        numbers.Sort();
        return numbers;
    }

    private static string PathOf(string folder, int number) => Path.Combine(folder, $"wal-{number:D8}.log");

    private static void WriteHeader(FileStream stream)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Version);
        stream.Write(header);
        stream.Flush(flushToDisk: true);
    }

    private static void ReadFile(string path, List<byte[]> records, bool newest)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderLength)
        {
            if (newest)
            {
                // Created but its header never reached the disk: an empty file.
                File.WriteAllBytes(path, []);
                return;
            }

            throw Damaged(path, "it is shorter than its header");
        }

        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)) != Version)
        {
            throw Damaged(path, "its header is not that of a collection log");
        }

        var position = HeaderLength;
        while (position < bytes.Length)
        {
            var complete = bytes.Length - position >= 8;
            var length = complete ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position)) : 0;
            complete = complete && length <= bytes.Length - position - 8;
            if (complete)
            {
                var payload = bytes.AsSpan(position + 8, (int)length);
                if (Crc32.HashToUInt32(payload) == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4)))
                {
                    records.Add(payload.ToArray());
                    position += 8 + (int)length;
                    continue;
                }
            }

            if (!newest)
            {
                throw Damaged(path, $"the record at byte {position} is damaged");
            }

            // An append cut short by the crash: never acknowledged, so it is dropped.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(position);
            stream.Flush(flushToDisk: true);
            return;
        }
    }

    private static StoreException Damaged(string path, string problem)
        => new(StoreErrorKind.Unavailable, $"The collection's log file {Path.GetFileName(path)} is damaged: {problem}.");
}
