using System.Runtime.InteropServices;
using System.Text;

namespace Splade.Index.Storage;

/// <summary>An operating-system lock on one file: shared or exclusive, released when disposed or when the process dies.</summary>
/// <remarks>
/// <para>
/// On Unix it is an advisory <c>flock</c> taken on a descriptor this class opens itself: .NET's own FileStream locking is
/// best-effort, can be switched off by an environment variable, and takes a shared lock on every file it opens, so the lock
/// files are never opened through FileStream. The kernel drops the lock with the descriptor, so a killed process leaves no stale
/// lock behind. On Windows the same guarantees come from share modes: the holder opens the file without sharing what the lock
/// excludes.
/// </para>
/// <para>The file is opened once and may be locked and unlocked many times (the writer's cleanup gate); a lock file is never
/// deleted, so that every process locks the same file.</para>
/// </remarks>
internal sealed partial class LockFile : IDisposable
{
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int Unlock = 8;
    private const int ReadOnlyFlag = 0;
    private const int ReadWriteFlag = 2;
    private const int WouldBlock = 11;
    private const int WouldBlockMac = 35;
    private const int Interrupted = 4;

    private readonly string _path;
    private readonly int _descriptor = -1;
    private readonly bool _writable;
    private FileStream? _windowsStream;
    private bool _locked;
    private bool _disposed;

    private LockFile(string path, int descriptor, bool writable)
    {
        _path = path;
        _descriptor = descriptor;
        _writable = writable;
    }

    /// <summary>Opens <paramref name="path"/>, creating it when <paramref name="create"/>; returns null when it is absent and not
    /// created.</summary>
    /// <exception cref="IOException">The file cannot be opened (permissions, a missing folder).</exception>
    public static LockFile? Open(string path, bool create)
    {
        if (OperatingSystem.IsWindows())
        {
            return create || File.Exists(path) ? new LockFile(path, -1, create) : null;
        }

        var creationFlags = create ? (OperatingSystem.IsLinux() ? 0x40 : 0x200) : 0; // O_CREAT
        var closeOnExec = OperatingSystem.IsLinux() ? 0x80000 : 0; // O_CLOEXEC: a child process must not inherit the lock
        var descriptor = OpenFile(path, (create ? ReadWriteFlag : ReadOnlyFlag) | creationFlags | closeOnExec, 0b110_100_100);
        if (descriptor >= 0)
        {
            return new LockFile(path, descriptor, create);
        }

        var error = Marshal.GetLastPInvokeError();
        return !create && error == 2 // ENOENT
            ? null
            : throw new IOException($"Cannot open the lock file '{path}' (errno {error}).");
    }

    /// <summary>Takes the lock without waiting; false when another holder's lock conflicts.</summary>
    public bool TryLock(bool exclusive)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_locked)
        {
            throw new InvalidOperationException("The lock is already held through this handle.");
        }

        _locked = OperatingSystem.IsWindows() ? TryLockWindows(exclusive) : TryLockUnix(exclusive);
        return _locked;
    }

    /// <summary>Gives the lock back; the file stays open for a later <see cref="TryLock"/>.</summary>
    public void Release()
    {
        if (!_locked)
        {
            return;
        }

        _locked = false;
        if (OperatingSystem.IsWindows())
        {
            _windowsStream?.Dispose();
            _windowsStream = null;
            return;
        }

        _ = Flock(_descriptor, Unlock);
    }

    /// <summary>Replaces the file's content (the writer records who holds the lock); only through a handle opened to create.</summary>
    public void WriteContent(string text)
    {
        if (!_writable)
        {
            throw new InvalidOperationException("The lock file was opened read-only.");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (OperatingSystem.IsWindows())
        {
            if (_windowsStream is { } stream)
            {
                stream.SetLength(0);
                stream.Write(bytes);
                stream.Flush();
            }

            return;
        }

        if (Ftruncate(_descriptor, 0) != 0 || Pwrite(_descriptor, bytes, bytes.Length, 0) != bytes.Length)
        {
            throw new IOException($"Cannot write the lock file '{_path}' (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Reads a lock file's content without locking it; null when it is absent or unreadable.</summary>
    public static string? ReadContent(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var shared = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(shared, Encoding.UTF8);
                return reader.ReadToEnd();
            }

            var descriptor = OpenFile(path, ReadOnlyFlag, 0);
            if (descriptor < 0)
            {
                return null;
            }

            try
            {
                var buffer = new byte[4096];
                var length = Pread(descriptor, buffer, buffer.Length, 0);
                return length <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
            }
            finally
            {
                _ = Close(descriptor);
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Release();
        if (!OperatingSystem.IsWindows() && _descriptor >= 0)
        {
            _ = Close(_descriptor);
        }
    }

    private bool TryLockUnix(bool exclusive)
    {
        while (true)
        {
            if (Flock(_descriptor, (exclusive ? LockExclusive : LockShared) | LockNonBlocking) == 0)
            {
                return true;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == Interrupted)
            {
                continue;
            }

            return error is WouldBlock or WouldBlockMac
                ? false
                : throw new IOException($"Cannot lock '{_path}' (errno {error}); the file system may not support locks.");
        }
    }

    private bool TryLockWindows(bool exclusive)
    {
        try
        {
            // An exclusive holder opens for writing and shares reading only: other exclusive holders (who need write access) and
            // shared holders (who refuse to share with a writer) are turned away, while its content stays readable.
            _windowsStream = exclusive
                ? new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read)
                : new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return true;
        }
        catch (IOException) when (File.Exists(_path))
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int descriptor, int operation);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int descriptor, long length);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static partial nint Pwrite(int descriptor, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint Pread(int descriptor, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
