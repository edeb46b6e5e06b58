using System.Globalization;

namespace Splade.Cluster.Grains;

/// <summary>The key of a shard replica grain: <c>collection/shard/replica</c> (a collection name never holds <c>/</c>).</summary>
internal readonly record struct ReplicaKey(string Collection, int Shard, int Replica)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Collection}/{Shard}/{Replica}");

    public static ReplicaKey Parse(string key)
    {
        var last = key.LastIndexOf('/');
        var middle = key.LastIndexOf('/', last - 1);
        return new ReplicaKey(
            key[..middle],
            int.Parse(key.AsSpan(middle + 1, last - middle - 1), CultureInfo.InvariantCulture),
            int.Parse(key.AsSpan(last + 1), CultureInfo.InvariantCulture));
    }
}
