using System.IO.Hashing;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>Which shard holds a point: xxHash64 of the id's canonical text (decimal digits, or the lower-case hyphenated UUID),
/// modulo the shard count. The same on every silo and in every version, so a point never changes shard.</summary>
internal static class ShardRouter
{
    public static int ShardOf(PointId id, int shards)
    {
        Span<byte> text = stackalloc byte[64];
        var length = System.Text.Encoding.UTF8.GetBytes(id.ToEngineId(), text);
        return (int)(XxHash64.HashToUInt64(text[..length]) % (ulong)shards);
    }
}
