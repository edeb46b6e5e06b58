using System.Runtime.InteropServices;

namespace Splade.Index.Segments;

/// <summary>
/// A segment's document metadata in typed form: every JSON value of every document as a node (its kind, its key in the object
/// holding it, and a number, a string or the size of its subtree), with the segment's strings, keys included, in one pool sorted
/// ordinally. Compiled filters (<see cref="Filters.MetadataFilter"/>) read it directly: no JSON is parsed while searching.
/// </summary>
/// <remarks>
/// Nodes are in document order, each document's nodes in pre-order (a container is followed by its subtree), so a document is a
/// range of nodes whose first is its root object. Sections (docs/FORMAT.md, Documents): node starts, heads (kind in the low 3
/// bits, key string id + 1 above), values, numbers, string starts, string characters (UTF-16, so that comparisons are the
/// ordinal comparisons of .NET strings) and each string's date-time in UTC ticks (NaN when it does not read as one).
/// </remarks>
internal sealed class TypedMetadata
{
    /// <summary>The bits of a head that hold the kind.</summary>
    public const int KindBits = 3;

    private const uint KindMask = (1u << KindBits) - 1;

    private readonly ReadOnlyMemory<byte> _nodeStarts, _heads, _values, _numbers, _stringStarts, _chars, _dates;

    public TypedMetadata(TypedMetadataPart part)
    {
        (_nodeStarts, _heads, _values, _numbers) = (part.NodeStarts, part.Heads, part.Values, part.Numbers);
        (_stringStarts, _chars, _dates) = (part.StringStarts, part.Chars, part.Dates);
    }

    /// <summary>The number of strings in the pool.</summary>
    public int StringCount => _dates.Length / sizeof(double);

    /// <summary>The number of nodes over all documents.</summary>
    public int NodeCount => _values.Length / sizeof(int);

    public long SizeInBytes
        => _nodeStarts.Length + _heads.Length + _values.Length + _numbers.Length + _stringStarts.Length + _chars.Length + _dates.Length;

    private ReadOnlySpan<long> NodeStarts => MemoryMarshal.Cast<byte, long>(_nodeStarts.Span);

    private ReadOnlySpan<uint> Heads => MemoryMarshal.Cast<byte, uint>(_heads.Span);

    private ReadOnlySpan<int> Values => MemoryMarshal.Cast<byte, int>(_values.Span);

    /// <summary>The root object node of document <paramref name="ordinal"/>, or -1 when it has no metadata.</summary>
    public int Root(int ordinal)
    {
        var starts = NodeStarts;
        return starts[ordinal] < starts[ordinal + 1] ? (int)starts[ordinal] : -1;
    }

    public MetadataKind Kind(int node) => (MetadataKind)(Heads[node] & KindMask);

    /// <summary>The string id of the key under which the node sits in its object, or -1 (a root, or an array element).</summary>
    public int Key(int node) => (int)(Heads[node] >> KindBits) - 1;

    /// <summary>The node after <paramref name="node"/>'s subtree: its next sibling, or the end of its parent.</summary>
    public int End(int node) => Kind(node) >= MetadataKind.Array ? node + 1 + Values[node] : node + 1;

    /// <summary>The string id of a <see cref="MetadataKind.String"/> node.</summary>
    public int StringId(int node) => Values[node];

    /// <summary>The value of a <see cref="MetadataKind.Number"/> node, read as the JSON filters read numbers (a double).</summary>
    public double Number(int node) => MemoryMarshal.Cast<byte, double>(_numbers.Span)[Values[node]];

    public ReadOnlySpan<char> String(int id)
    {
        var starts = MemoryMarshal.Cast<byte, long>(_stringStarts.Span);
        return MemoryMarshal.Cast<byte, char>(_chars.Span)[(int)starts[id]..(int)starts[id + 1]];
    }

    /// <summary>String <paramref name="id"/> read as a date-time (ISO 8601, no offset meaning UTC), in UTC ticks; NaN when it is not one.</summary>
    public double DateTicks(int id) => MemoryMarshal.Cast<byte, double>(_dates.Span)[id];

    /// <summary>The id of <paramref name="text"/> in the pool, or -1 when no document of the segment has that string.</summary>
    public int FindString(ReadOnlySpan<char> text)
    {
        int low = 0, high = StringCount - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = String(middle).SequenceCompareTo(text);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>Checks the sections against each other and the segment, so that damage that passed the checksum cannot index out of range.</summary>
    /// <exception cref="IndexCorruptedException">The sections disagree; the message names <paramref name="name"/>.</exception>
    public void Validate(string name, int documentCount)
    {
        var starts = NodeStarts;
        var heads = Heads;
        var values = Values;
        var strings = StringCount;
        var numbers = _numbers.Length / sizeof(double);
        var stringStarts = MemoryMarshal.Cast<byte, long>(_stringStarts.Span);
        if (starts.Length != documentCount + 1 || starts[0] != 0 || starts[^1] != values.Length || heads.Length != values.Length
            || stringStarts.Length != strings + 1 || stringStarts[0] != 0 || stringStarts[^1] != _chars.Length / sizeof(char))
        {
            throw Corrupt(name, "its typed metadata sections disagree on the number of documents, nodes or strings.");
        }

        for (var i = 1; i < stringStarts.Length; i++)
        {
            if (stringStarts[i] < stringStarts[i - 1] || (i > 1 && String(i - 2).SequenceCompareTo(String(i - 1)) >= 0))
            {
                throw Corrupt(name, $"its metadata string pool is out of order at string {i - 1}.");
            }
        }

        var open = new Stack<int>();
        for (var d = 0; d < documentCount; d++)
        {
            if (starts[d + 1] < starts[d])
            {
                throw Corrupt(name, $"its metadata node starts decrease at document {d}.");
            }

            var (first, end) = ((int)starts[d], (int)starts[d + 1]);
            if (first < end && (Kind(first) != MetadataKind.Object || End(first) != end))
            {
                throw Corrupt(name, $"the metadata of document {d} is not one object.");
            }

            open.Clear();
            for (var node = first; node < end; node++)
            {
                while (open.Count > 0 && open.Peek() == node)
                {
                    open.Pop();
                }

                CheckNode(name, node, open.Count > 0 ? open.Peek() : end, strings, numbers);
                if (Kind(node) >= MetadataKind.Array && End(node) > node + 1)
                {
                    open.Push(End(node));
                }
            }
        }
    }

    private void CheckNode(string name, int node, int parentEnd, int strings, int numbers)
    {
        var kind = Kind(node);
        var value = Values[node];
        var valid = kind switch
        {
            > MetadataKind.Object => false,
            MetadataKind.Number => (uint)value < (uint)numbers,
            MetadataKind.String => (uint)value < (uint)strings,
            MetadataKind.Array or MetadataKind.Object => value >= 0 && (long)node + 1 + value <= parentEnd,
            _ => true,
        };
        if (!valid || Key(node) >= strings)
        {
            throw Corrupt(name, $"metadata node {node} is out of range (kind {(int)kind}, value {value}, key {Key(node)}).");
        }
    }

    private static IndexCorruptedException Corrupt(string name, string message) => new(name, message);
}
