using System.Globalization;
using System.Text;
using System.Text.Json;
using Splade.Index.Filters;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Builds a segment's <see cref="TypedMetadata"/> from its documents' metadata JSON, in ordinal order, and writes its sections.</summary>
/// <remarks>Values are read as the JSON filters read them (numbers as <see cref="FieldCondition.AsDouble"/> does, strings unescaped,
/// date-times as <see cref="FieldCondition.TryParseDate"/>), so that a compiled filter answers exactly as the JSON one.</remarks>
internal sealed class TypedMetadataBuilder
{
    /// <summary>The deepest nesting read: beyond the JSON readers' default, so that a document any JSON reader accepted is typed.</summary>
    private const int MaxDepth = 1024;

    private readonly GrowableArray<long> _nodeStarts = new();
    private readonly GrowableArray<uint> _heads = new(1024);
    private readonly GrowableArray<int> _values = new(1024);
    private readonly GrowableArray<double> _numbers = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private (int[] Order, int[] Renumbered, long Length)? _sorted;

    public TypedMetadataBuilder() => _nodeStarts.Add(0);

    /// <summary>Adds the next document's metadata: a JSON object, or nothing when <paramref name="hasMetadata"/> is false.</summary>
    /// <exception cref="JsonException">The bytes are not one JSON object.</exception>
    public void Add(bool hasMetadata, ReadOnlySpan<byte> json)
    {
        if (_sorted is not null)
        {
            throw new InvalidOperationException("The typed metadata was already written.");
        }

        if (hasMetadata)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("The metadata is not a JSON object.");
            }

            AddValue(ref reader, -1);
            if (reader.Read())
            {
                throw new JsonException("The metadata holds more than one JSON value.");
            }
        }

        _nodeStarts.Add(_values.Count);
    }

    /// <summary>Writes the sections: node starts, heads, values, numbers, string starts, characters, dates. May be called twice,
    /// as <see cref="FileSectionWriter.Write"/> does (measuring, then writing); no document may be added after.</summary>
    public void Write(FileSectionWriter writer)
    {
        var (order, renumbered, length) = SortedPool();
        writer.Write(_nodeStarts.Span);
        var heads = writer.Reserve<uint>(_heads.Count);
        var values = writer.Reserve<int>(_values.Count);
        for (var node = 0; node < heads.Length; node++)
        {
            var head = _heads.Span[node];
            var key = (int)(head >> TypedMetadata.KindBits) - 1;
            var kind = (MetadataKind)(head & ((1u << TypedMetadata.KindBits) - 1));
            heads[node] = Head(kind, key < 0 ? -1 : renumbered[key]);
            values[node] = kind == MetadataKind.String ? renumbered[_values.Span[node]] : _values.Span[node];
        }

        writer.Write(_numbers.Span);
        var starts = writer.Reserve<long>(order.Length + 1);
        var chars = writer.Reserve<char>(checked((int)length));
        var dates = writer.Reserve<double>(order.Length);
        if (starts.IsEmpty)
        {
            return;
        }

        var at = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var text = _strings[order[i]];
            starts[i] = at;
            text.CopyTo(chars[at..]);
            at += text.Length;
            dates[i] = FieldCondition.TryParseDate(text, out var date) ? date.UtcTicks : double.NaN;
        }

        starts[^1] = at;
    }

    /// <summary>The pool in ordinal order (so that a filter finds its strings by binary search), each string's new id, and the
    /// pool's length in characters; computed once.</summary>
    private (int[] Order, int[] Renumbered, long Length) SortedPool()
    {
        if (_sorted is { } sorted)
        {
            return sorted;
        }

        var order = new int[_strings.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (left, right) => string.CompareOrdinal(_strings[left], _strings[right]));
        var renumbered = new int[order.Length];
        long length = 0;
        for (var i = 0; i < order.Length; i++)
        {
            renumbered[order[i]] = i;
            length += _strings[order[i]].Length;
        }

        _sorted = (order, renumbered, length);
        return _sorted.Value;
    }

    private static uint Head(MetadataKind kind, int key) => (uint)kind | ((uint)(key + 1) << TypedMetadata.KindBits);

    private void AddValue(ref Utf8JsonReader reader, int key)
    {
        var node = _values.Count;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                Append(MetadataKind.Object, key, 0);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = Intern(reader.GetString()!);
                    reader.Read();
                    AddValue(ref reader, name);
                }

                _values.Set(node, _values.Count - node - 1);
                break;
            case JsonTokenType.StartArray:
                Append(MetadataKind.Array, key, 0);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    AddValue(ref reader, -1);
                }

                _values.Set(node, _values.Count - node - 1);
                break;
            case JsonTokenType.String:
                Append(MetadataKind.String, key, Intern(reader.GetString()!));
                break;
            case JsonTokenType.Number:
                Append(MetadataKind.Number, key, _numbers.Count);
                _numbers.Add(
                    reader.TryGetDouble(out var number)
                        ? number
                        : double.Parse(Encoding.UTF8.GetString(reader.ValueSpan), NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            case JsonTokenType.True:
                Append(MetadataKind.True, key, 0);
                break;
            case JsonTokenType.False:
                Append(MetadataKind.False, key, 0);
                break;
            default:
                Append(MetadataKind.Null, key, 0);
                break;
        }
    }

    private void Append(MetadataKind kind, int key, int value)
    {
        if (_strings.Count >= (1 << (32 - TypedMetadata.KindBits)) - 1)
        {
            throw new NotSupportedException("A segment's metadata holds more distinct strings than the typed form can number.");
        }

        _heads.Add(Head(kind, key));
        _values.Add(value);
    }

    private int Intern(string text)
    {
        if (!_ids.TryGetValue(text, out var id))
        {
            id = _strings.Count;
            _ids.Add(text, id);
            _strings.Add(text);
        }

        return id;
    }
}
