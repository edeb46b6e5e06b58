using Splade.Index.Storage;

namespace Splade.Index.Writing;

internal sealed partial class IndexWriter
{
    /// <summary>Starts a new index that stays marked as being built until <see cref="FinishBuild"/>: removes what an earlier build
    /// in the folder left unfinished, refuses a folder that holds an index or other files, and writes the first commit.</summary>
    /// <exception cref="IOException">The folder holds a finished index, or files that are not an index's.</exception>
    private void StartBuild()
    {
        var present = _directory.ListFiles().Where(static name => !IsLockFile(name)).ToList();
        var foreign = present.Where(static name => !IsIndexFile(name)).ToList();
        if (foreign.Count > 0)
        {
            throw new IOException(
                $"'{_directory.Location}' is not empty (it holds {Describe(foreign)}); build a new index in an empty or new folder.");
        }

        if (present.Count > 0)
        {
            var stored = CommitLoader.ReadCommit(_directory);
            if (stored is { Building: false })
            {
                throw new IOException(
                    $"'{_directory.Location}' already holds an index; add to it (splade index add, SparseIndex.Open), or remove the folder "
                    + "to build anew.");
            }

            if (stored is null && present.Exists(static name => name.StartsWith("seg_", StringComparison.Ordinal)))
            {
                // Segment files without any commit are an index whose commit was lost, not a build's leftovers (a build writes its
                // commit first): never delete them.
                CommitLoader.RequireNoSegmentFiles(_directory);
            }

            // An earlier build that never finished (its process died or failed): this writer holds the lock, so it is not running.
            foreach (var name in present)
            {
                _directory.Delete(name);
            }

            _dropped.Add($"removed {present.Count} files of an earlier build that did not finish.");
        }

        _building = true;
        _densePrecision = _options.DensePrecision ?? DensePrecision.Float32;
        _approximate = _options.Approximate is { } build ? new ApproximateSettings(StoredBuildOptions(build), null, null) : null;
        Commit([]);
    }

    /// <summary>Marks the built index finished: from this commit on, it opens like any other.</summary>
    public void FinishBuild()
    {
        lock (_lock)
        {
            ThrowIfNotWritable();
            FlushLocked();
            _building = false;
            if (_options.WriteAheadLog && _log is null)
            {
                // Writes after the build go through a log, as on any opened index; it exists before the commit says so.
                _log = WriteAheadLog.Create(_directory, _options.Durable, _flushedOperation);
                _keepsLog = true;
            }

            Commit([.. _views]);
        }
    }

    /// <summary>Removes every file a build that failed wrote (its commit and segments), so that nothing blocks building again; the
    /// writer is unusable afterwards and only disposed.</summary>
    public void AbandonBuild()
    {
        lock (_lock)
        {
            if (!_building || _readOnly)
            {
                return;
            }

            ReleaseViews();
            foreach (var name in _directory.ListFiles())
            {
                if (!IsLockFile(name) && IsIndexFile(name))
                {
                    try
                    {
                        _directory.Delete(name);
                    }
                    catch (IOException)
                    {
                        // Left for the next build, which removes an unfinished build's files.
                    }
                }
            }
        }
    }

    private static bool IsLockFile(string name) => name is FileSystemDirectory.WriteLockName or FileSystemDirectory.ReadLockName;

    /// <summary>Whether an index owns a file of this name: its commit, log, segment files, or a temporary file.</summary>
    private static bool IsIndexFile(string name)
        => name is CommitPoint.FileName or WriteAheadLog.FileName
            || name.StartsWith("seg_", StringComparison.Ordinal)
            || name.EndsWith(".tmp", StringComparison.Ordinal);

    private static string Describe(List<string> names)
        => string.Join(", ", names.Take(3)) + (names.Count > 3 ? $" and {names.Count - 3} more" : "");
}
