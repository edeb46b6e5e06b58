using System.Globalization;

namespace Splade.Server.Storage;

/// <summary>A point's id as Qdrant defines it: an unsigned 64-bit integer or a UUID, kept as given and ordered as Qdrant orders them
/// (every integer before every UUID, integers by value, UUIDs by their 128-bit value).</summary>
/// <remarks>The engine stores ids as strings: an integer as its decimal digits, a UUID in its lower-case hyphenated form. The two
/// forms never collide (a UUID always has hyphens), so <see cref="FromEngineId"/> restores the id and its kind exactly.</remarks>
internal readonly record struct PointId : IComparable<PointId>
{
    private readonly UInt128 _value;

    private PointId(bool isUuid, UInt128 value)
    {
        IsUuid = isUuid;
        _value = value;
    }

    /// <summary>Whether the id is a UUID (else an integer).</summary>
    public bool IsUuid { get; }

    /// <summary>The integer id; only meaningful when <see cref="IsUuid"/> is false.</summary>
    public ulong Number => (ulong)_value;

    public static PointId FromNumber(ulong number) => new(false, number);

    public static PointId FromUuid(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return new PointId(true, System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Parses a UUID in any form <see cref="Guid.TryParse(string, out Guid)"/> reads (hyphenated, plain hex, braces).</summary>
    public static bool TryParseUuid(string text, out PointId id)
    {
        id = default;
        if (!Guid.TryParse(text, out var uuid))
        {
            return false;
        }

        id = FromUuid(uuid);
        return true;
    }

    /// <summary>The id the engine stores for this point.</summary>
    public string ToEngineId() => ToString();

    /// <summary>The point id an engine id stands for.</summary>
    /// <exception cref="FormatException">The string is neither form (an index not written by the server).</exception>
    public static PointId FromEngineId(string id)
    {
        if (id.Contains('-', StringComparison.Ordinal))
        {
            return TryParseUuid(id, out var uuid) ? uuid : throw new FormatException($"'{id}' is not a point id.");
        }

        return ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? FromNumber(number)
            : throw new FormatException($"'{id}' is not a point id.");
    }

    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, _value);
        return new Guid(bytes, bigEndian: true);
    }

    public int CompareTo(PointId other)
        => IsUuid != other.IsUuid ? (IsUuid ? 1 : -1) : _value.CompareTo(other._value);

    public override string ToString()
        => IsUuid ? ToGuid().ToString("D", CultureInfo.InvariantCulture) : Number.ToString(CultureInfo.InvariantCulture);

    public static bool operator <(PointId left, PointId right) => left.CompareTo(right) < 0;

    public static bool operator >(PointId left, PointId right) => left.CompareTo(right) > 0;

    public static bool operator <=(PointId left, PointId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PointId left, PointId right) => left.CompareTo(right) >= 0;
}
