using Splade.Retrieval.Input;

namespace Splade.Cli.Output;

/// <summary>Where a command writes its output: standard output for <c>-</c> (or no <c>-o/--output</c>), else a file that appears
/// only when complete (<see cref="AtomicFile"/>), so a failed command leaves no partial file and never a file named <c>-</c>.</summary>
internal sealed class OutputTarget : IDisposable
{
    private readonly AtomicFile? _file;

    private OutputTarget(Stream stream, AtomicFile? file)
    {
        Stream = stream;
        _file = file;
    }

    /// <summary>The bytes to write.</summary>
    public Stream Stream { get; }

    /// <summary>Whether this is standard output.</summary>
    public bool IsStandardOutput => _file is null;

    /// <summary>Opens <paramref name="path"/>; null or <c>-</c> is standard output.</summary>
    public static OutputTarget Open(string? path) => path is null || path == JsonLinesReader.StandardInputPath
        ? new OutputTarget(Console.OpenStandardOutput(), null)
        : OpenFile(path);

    /// <summary>Finishes the output: flushes standard output, or moves the complete file into place.</summary>
    public void Commit()
    {
        if (_file is null)
        {
            Stream.Flush();
        }
        else
        {
            _file.Commit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_file is null)
        {
            Stream.Dispose();
        }
        else
        {
            _file.Dispose();
        }
    }

    private static OutputTarget OpenFile(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new InputFormatException(path, 0, null, $"the output folder {folder} does not exist");
        }

        if (Directory.Exists(path))
        {
            throw new InputFormatException(path, 0, null, "is a folder; name a file to write");
        }

        var file = new AtomicFile(path);
        return new OutputTarget(file.Stream, file);
    }
}
