using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A shard's part of a retrieve, a scroll or a count: the collection's own reads, in the form they travel in.</summary>
internal static class ShardReader
{
    public static ShardPage Read(Collection collection, ShardRead read)
    {
        var payload = read.WithPayload ? PayloadSelector.All : PayloadSelector.None;
        var vectors = read.AllVectors ? VectorSelector.Everything : new VectorSelector(false, read.VectorNames);
        if (read.Ids is { } ids)
        {
            var records = collection.Retrieve([.. ids.Select(PointId.FromEngineId)], payload, vectors);
            return new ShardPage { Points = [.. records.Select(ToWire)] };
        }

        var offset = read.Offset is null ? (PointId?)null : PointId.FromEngineId(read.Offset);
        var page = collection.Scroll(FilterText.Parse(read.Filter), offset, read.Limit, payload, vectors);
        return new ShardPage { Points = [.. page.Points.Select(ToWire)], Next = page.NextOffset?.ToEngineId() };
    }

    public static long Count(Collection collection, string? filter) => collection.CountPoints(FilterText.Parse(filter));

    private static ShardRecord ToWire(PointRecord record) => new()
    {
        Id = record.Id.ToEngineId(),
        Payload = record.Payload?.ToJsonString(),
        Version = record.Version,
        Vectors = record.Vectors?.ToDictionary(pair => pair.Key, pair => WireVector.From(pair.Value), StringComparer.Ordinal),
    };
}
