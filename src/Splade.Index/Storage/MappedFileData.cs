using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Splade.Index.Storage;

/// <summary>A read-only memory-mapped file exposed as <see cref="ReadOnlyMemory{T}"/>.</summary>
/// <remarks>
/// Mapping lets segments larger than the managed heap be searched without copying them in; the page cache holds them. The pointer is
/// only dereferenced through spans bounded by the mapped length, so the unsafe code is confined to this class.
/// </remarks>
internal sealed unsafe class MappedFileData : IndexFileData
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Manager _manager;
    private bool _disposed;

    public MappedFileData(string name, string path, long length)
        : base(name)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        pointer += _view.PointerOffset;
        _manager = new Manager(pointer, checked((int)length));
    }

    public override ReadOnlyMemory<byte> Bytes => _manager.Memory;

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Manager(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
