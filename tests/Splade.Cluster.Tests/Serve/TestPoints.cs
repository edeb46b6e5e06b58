using System.Text.Json.Nodes;

namespace Splade.Cluster.Tests.Serve;

/// <summary>The points the process tests write: each id's vectors are a function of the id and its version, so that the final state
/// can be written again to a single-machine server, and scores rarely tie.</summary>
internal static class TestPoints
{
    /// <summary>A collection with a plain sparse vector <c>s</c>, an idf-weighted one <c>b</c> and a 4-dimensional dense <c>d</c>.</summary>
    public static JsonObject Collection(int? shards = null, int? replicas = null)
    {
        var body = new JsonObject
        {
            ["vectors"] = new JsonObject { ["d"] = new JsonObject { ["size"] = 4, ["distance"] = "Dot" } },
            ["sparse_vectors"] = new JsonObject { ["s"] = new JsonObject(), ["b"] = new JsonObject { ["modifier"] = "idf" } },
        };
        if (shards is int shardNumber)
        {
            body["shard_number"] = shardNumber;
        }

        if (replicas is int replicationFactor)
        {
            body["replication_factor"] = replicationFactor;
        }

        return body;
    }

    public static JsonObject Point(long id, int version) => new()
    {
        ["id"] = id,
        ["vector"] = new JsonObject
        {
            ["d"] = new JsonArray(
                (float)Math.Sin(id), (float)Math.Cos(id + version), (id % 10) / 10f, version / 64f),
            ["s"] = Sparse([(uint)(id % 7), 7 + (uint)(id % 5), 20 + (uint)(version % 3)], id, version),
            ["b"] = Sparse([(uint)(id % 11), 11 + (uint)(version % 4)], id, version),
        },
        ["payload"] = new JsonObject { ["i"] = id, ["v"] = version, ["tag"] = id % 2 == 0 ? "even" : "odd" },
    };

    public static JsonObject Upsert(IEnumerable<(long Id, int Version)> points)
        => new() { ["points"] = new JsonArray([.. points.Select(point => (JsonNode)Point(point.Id, point.Version))]) };

    /// <summary>Queries of every kind a cluster serves, as Query API bodies; with <paramref name="stored"/> (an existing point),
    /// queries by that point's id too.</summary>
    public static IReadOnlyList<(string Name, JsonObject Body)> Queries(long? stored = null)
    {
        JsonObject SparseQuery() => new() { ["indices"] = new JsonArray(0, 3, 7, 20), ["values"] = new JsonArray(1.0, 0.75, 0.5, 0.25) };
        JsonArray DenseQuery() => [0.3, 0.5, 0.1, 0.2];
        List<(string Name, JsonObject Body)> byPoint = stored is not long id ? [] :
        [
            ("by point id", new JsonObject { ["query"] = id, ["using"] = "d", ["limit"] = 10, ["with_payload"] = true, ["explain"] = true }),
            ("by point id over prefetches", new JsonObject
            {
                ["prefetch"] = new JsonArray(new JsonObject { ["query"] = DenseQuery(), ["using"] = "d", ["limit"] = 25 }),
                ["query"] = id,
                ["using"] = "s",
                ["limit"] = 6,
            }),
        ];
        return
        [
            .. byPoint,
            ("sparse", new JsonObject { ["query"] = SparseQuery(), ["using"] = "s", ["limit"] = 10, ["with_payload"] = true }),
            ("sparse with offset", new JsonObject { ["query"] = SparseQuery(), ["using"] = "s", ["limit"] = 5, ["offset"] = 4 }),
            ("dense", new JsonObject { ["query"] = DenseQuery(), ["using"] = "d", ["limit"] = 10, ["with_payload"] = new JsonArray("v") }),
            ("idf", new JsonObject
            {
                ["query"] = new JsonObject { ["indices"] = new JsonArray(1, 5, 12), ["values"] = new JsonArray(1.0, 0.5, 1.0) },
                ["using"] = "b",
                ["limit"] = 10,
                ["explain"] = true,
            }),
            ("filtered", new JsonObject
            {
                ["query"] = SparseQuery(),
                ["using"] = "s",
                ["limit"] = 10,
                ["filter"] = JsonNode.Parse("""{"must":[{"key":"i","range":{"gte":60}}],"must_not":[{"key":"tag","match":{"value":"odd"}}]}"""),
            }),
            ("rrf", new JsonObject
            {
                ["prefetch"] = new JsonArray(
                    new JsonObject { ["query"] = SparseQuery(), ["using"] = "s", ["limit"] = 20 },
                    new JsonObject { ["query"] = DenseQuery(), ["using"] = "d", ["limit"] = 20 }),
                ["query"] = new JsonObject { ["fusion"] = "rrf" },
                ["limit"] = 10,
                ["with_payload"] = true,
                ["with_vector"] = new JsonArray("d"),
                ["explain"] = true,
            }),
            ("dbsf", new JsonObject
            {
                ["prefetch"] = new JsonArray(
                    new JsonObject { ["query"] = SparseQuery(), ["using"] = "s", ["limit"] = 15 },
                    new JsonObject
                    {
                        ["query"] = DenseQuery(),
                        ["using"] = "d",
                        ["limit"] = 15,
                        ["filter"] = JsonNode.Parse("""{"must":[{"key":"tag","match":{"value":"even"}}]}"""),
                    }),
                ["query"] = new JsonObject { ["fusion"] = "dbsf" },
                ["limit"] = 8,
            }),
            ("rescored prefetches", new JsonObject
            {
                ["prefetch"] = new JsonArray(
                    new JsonObject { ["query"] = SparseQuery(), ["using"] = "s", ["limit"] = 12 },
                    new JsonObject { ["query"] = DenseQuery(), ["using"] = "d", ["limit"] = 12 }),
                ["query"] = new JsonObject { ["indices"] = new JsonArray(1, 5, 12), ["values"] = new JsonArray(1.0, 0.5, 1.0) },
                ["using"] = "b",
                ["limit"] = 10,
                ["with_payload"] = true,
                ["explain"] = true,
            }),
        ];
    }

    private static JsonObject Sparse(uint[] indices, long id, int version)
    {
        var values = new JsonArray();
        for (var k = 0; k < indices.Length; k++)
        {
            values.Add((float)(1 + (((id * 31) + (version * 7) + (k * 13)) % 97 / 97.0) + (id / 100000.0)));
        }

        return new JsonObject { ["indices"] = new JsonArray([.. indices.Select(index => (JsonNode)index)]), ["values"] = values };
    }
}
