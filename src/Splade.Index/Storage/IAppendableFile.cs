namespace Splade.Index.Storage;

/// <summary>A file that grows by appends, each made durable on request.</summary>
internal interface IAppendableFile : IDisposable
{
    /// <summary>The current length in bytes.</summary>
    long Length { get; }

    /// <summary>Appends <paramref name="bytes"/>; with <paramref name="durable"/> the call returns only once they reach stable storage.</summary>
    void Append(ReadOnlySpan<byte> bytes, bool durable);

    /// <summary>Cuts the file to <paramref name="length"/> bytes (dropping a torn tail).</summary>
    void Truncate(long length);
}
