using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Splade.Index.Segments.Legacy;

namespace Splade.Index.Segments;

/// <summary>A segment's stored documents (its Documents file): each document's id, metadata and text, and the metadata's typed form
/// that compiled filters read (the sequence numbers, which searches read, are <see cref="Segment.Sequences"/>). Spans over the
/// file's bytes, like every part of a <see cref="Segment"/>.</summary>
internal sealed class SegmentDocuments
{
    private readonly string _fileName;
    private readonly ReadOnlyMemory<byte> _flags, _idStarts, _idBytes, _metadataStarts, _metadataBytes, _textStarts, _textBytes;
    private readonly DocumentsPart _part;
    private object? _typedMetadataLock;
    private TypedMetadata? _typedMetadata;

    /// <summary>Serves <paramref name="part"/>, read from file <paramref name="fileName"/> and checked by <see cref="SegmentShapes"/>.</summary>
    public SegmentDocuments(string fileName, DocumentsPart part)
    {
        _fileName = fileName;
        (_flags, _idStarts, _idBytes) = (part.Flags, part.IdStarts, part.IdBytes);
        (_metadataStarts, _metadataBytes, _textStarts, _textBytes) = (part.MetadataStarts, part.MetadataBytes, part.TextStarts, part.TextBytes);
        _part = part;
    }

    public int Count => _flags.Length;

    public ReadOnlySpan<byte> GetIdUtf8(int ordinal) => Slice(_idStarts, _idBytes, ordinal);

    public string GetId(int ordinal) => Encoding.UTF8.GetString(GetIdUtf8(ordinal));

    public bool HasMetadata(int ordinal) => (_flags.Span[ordinal] & SegmentFlags.HasMetadata) != 0;

    public bool HasText(int ordinal) => (_flags.Span[ordinal] & SegmentFlags.HasText) != 0;

    public ReadOnlySpan<byte> GetMetadataUtf8(int ordinal) => Slice(_metadataStarts, _metadataBytes, ordinal);

    public ReadOnlySpan<byte> GetTextUtf8(int ordinal) => Slice(_textStarts, _textBytes, ordinal);

    public JsonObject? GetMetadata(int ordinal)
        => HasMetadata(ordinal) ? JsonNode.Parse(GetMetadataUtf8(ordinal))!.AsObject() : null;

    public string? GetText(int ordinal) => HasText(ordinal) ? Encoding.UTF8.GetString(GetTextUtf8(ordinal)) : null;

    /// <summary>The documents' metadata in typed form, which compiled filters read. Read in place and checked when first asked
    /// for; in a file of an older format without it, built from the JSON then, once (<see cref="LegacySegmentFormat"/>).</summary>
    /// <exception cref="IndexCorruptedException">The typed sections, or an older file's JSON, are damaged; the message names the file.</exception>
    public TypedMetadata TypedMetadata => LazyInitializer.EnsureInitialized(ref _typedMetadata, ref _typedMetadataLock, ReadTypedMetadata);

    private TypedMetadata ReadTypedMetadata()
    {
        if (_part.Typed is not { } part)
        {
            return LegacySegmentFormat.TypeMetadata(_fileName, _part, Count);
        }

        var typed = new TypedMetadata(part);
        typed.Validate(_fileName, Count);
        return typed;
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlyMemory<byte> starts, ReadOnlyMemory<byte> bytes, int ordinal)
    {
        var offsets = MemoryMarshal.Cast<byte, long>(starts.Span);
        return bytes.Span[(int)offsets[ordinal]..(int)offsets[ordinal + 1]];
    }
}
