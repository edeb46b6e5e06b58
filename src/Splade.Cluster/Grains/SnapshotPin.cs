using Splade.Cluster.Wire;
using Splade.Index.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A replica's files as of one moment, kept from deletion while another silo copies them: each index folder's reading
/// gate is held shared (its writer deletes files only while it holds the gate exclusively, so merges defer their cleanup), the
/// files that are replaced in place (<c>commit</c>, <c>config.json</c>, <c>checkpoint.json</c>) are read into memory, and the
/// immutable ones are listed with their lengths and read in chunks later.</summary>
internal sealed class SnapshotPin : IDisposable
{
    /// <summary>The most bytes of a file that travels inside the snapshot's description.</summary>
    private const int MaxInlineBytes = 64 * 1024;

    private static readonly string[] RootFiles = ["config.json", "checkpoint.json"];
    private readonly List<(FileSystemDirectory Directory, IDisposable Gate)> _gates;
    private readonly Dictionary<string, long> _chunked;

    private SnapshotPin(string folder, List<(FileSystemDirectory, IDisposable)> gates, List<SnapshotFile> files)
    {
        Folder = folder;
        _gates = gates;
        Files = files;
        _chunked = files.Where(file => file.Contents is null).ToDictionary(file => file.Path, file => file.Length, StringComparer.Ordinal);
        LastUsed = DateTime.UtcNow;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public string Folder { get; }

    public IReadOnlyList<SnapshotFile> Files { get; }

    public DateTime LastUsed { get; private set; }

    /// <summary>Pins the files of the collection in <paramref name="folder"/>, which the caller has just checkpointed (its indexes
    /// hold every write, its log nothing that they do not); files up to <paramref name="inlineBytes"/> (at most 64 KiB) are read
    /// now.</summary>
    /// <exception cref="IOException">An index folder's gate stayed closed (a cleanup running) or a file cannot be read.</exception>
    public static async Task<SnapshotPin> TakeAsync(string folder, int inlineBytes)
    {
        var gates = new List<(FileSystemDirectory, IDisposable)>();
        var files = new List<SnapshotFile>();
        try
        {
            foreach (var name in RootFiles)
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path))
                {
                    var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(true);
                    files.Add(new SnapshotFile { Path = name, Length = bytes.Length, Contents = bytes });
                }
            }

            var vectors = Path.Combine(folder, "vectors");
            var indexes = Directory.Exists(vectors) ? Directory.GetDirectories(vectors).Order(StringComparer.Ordinal).ToList() : [];
            indexes.Insert(0, Path.Combine(folder, "points"));
            foreach (var index in indexes)
            {
                var directory = new FileSystemDirectory(index, readOnly: true);
                IDisposable gate;
                try
                {
                    gate = await EnterAsync(directory).ConfigureAwait(true);
                }
                catch
                {
                    directory.Dispose();
                    throw;
                }

                gates.Add((directory, gate));
                Pin(folder, directory, files, Math.Min(inlineBytes, MaxInlineBytes));
            }

            return new SnapshotPin(folder, gates, files);
        }
        catch
        {
            Release(gates);
            throw;
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes of a pinned file from <paramref name="offset"/>.</summary>
    /// <exception cref="IOException">The file is not one of the snapshot's chunked files.</exception>
    public byte[] Read(string path, long offset, int count)
    {
        if (!_chunked.TryGetValue(path, out var length) || offset < 0 || count <= 0)
        {
            throw new IOException($"{path} is not a file of this snapshot.");
        }

        LastUsed = DateTime.UtcNow;
        var buffer = new byte[(int)Math.Min(count, Math.Max(0, length - offset))];
        using var handle = File.OpenHandle(Path.Combine(Folder, path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var read = 0;
        while (read < buffer.Length)
        {
            var got = RandomAccess.Read(handle, buffer.AsSpan(read), offset + read);
            if (got == 0)
            {
                throw new IOException($"{path} ended before its length at the snapshot.");
            }

            read += got;
        }

        return buffer;
    }

    public void Dispose() => Release(_gates);

    /// <summary>Reads the index's <c>commit</c> first, then lists its files: every segment that commit names exists now and is not
    /// deleted while the gate is held (files listed but not named are a merge's unfinished output, harmless garbage in the copy).</summary>
    private static void Pin(string root, FileSystemDirectory directory, List<SnapshotFile> files, int inlineBytes)
    {
        var relative = Path.GetRelativePath(root, directory.Location);
        byte[]? commit = directory.Exists("commit") ? directory.ReadAllBytes("commit") : null;
        foreach (var name in directory.ListFiles())
        {
            if (name is FileSystemDirectory.WriteLockName or FileSystemDirectory.ReadLockName or "commit" || name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            var length = new FileInfo(Path.Combine(directory.Location, name)).Length;
            var path = Path.Combine(relative, name);
            files.Add(length <= inlineBytes
                ? new SnapshotFile { Path = path, Length = length, Contents = directory.ReadAllBytes(name) }
                : new SnapshotFile { Path = path, Length = length });
        }

        if (commit is not null)
        {
            files.Add(new SnapshotFile { Path = Path.Combine(relative, "commit"), Length = commit.Length, Contents = commit });
        }
    }

    private static async Task<IDisposable> EnterAsync(FileSystemDirectory directory)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (directory.TryEnterReading() is { } gate)
            {
                return gate;
            }

            await Task.Delay(25).ConfigureAwait(true);
        }

        throw new IOException($"The index in {directory.Location} is being cleaned up; its files cannot be pinned now.");
    }

    private static void Release(List<(FileSystemDirectory Directory, IDisposable Gate)> gates)
    {
        foreach (var (directory, gate) in gates)
        {
            gate.Dispose();
            directory.Dispose();
        }

        gates.Clear();
    }
}
