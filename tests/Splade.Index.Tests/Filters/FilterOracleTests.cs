using System.Text.Json.Nodes;
using CsCheck;
using Splade.Core;
using Splade.Index.Filters;

namespace Splade.Index.Tests.Filters;

/// <summary>Random filters over random nested metadata, checked against a brute-force evaluator written independently here.</summary>
public class FilterOracleTests
{
    private static readonly string[] Paths = ["a", "tags", "b.c", "items[].x", "items"];

    [Fact]
    public void Every_filter_kind_matches_the_oracle()
    {
        Gen.Select(Payload(), Filter(3)).Sample((payload, filter) =>
            Assert.Equal(Oracle.Matches(filter, payload), filter.ToEngine().Matches(payload)), iter: 4000);
    }

    [Fact]
    public void Filtered_search_returns_what_the_oracle_keeps()
    {
        Gen.Select(Payload().Array[5, 40], Filter(2), Gen.Int[1, 10]).Sample((payloads, filter, k) =>
        {
            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 7, BackgroundMerge = false });
            for (var i = 0; i < payloads.Length; i++)
            {
                var vector = i % 5 == 4 ? SparseVector.Empty : new SparseVector([1], [1f + (i % 3)]);
                index.Upsert(new IndexDocument($"d{i}", vector) { Metadata = (JsonObject)payloads[i].DeepClone() });
            }

            var expected = Enumerable.Range(0, payloads.Length)
                .Where(i => i % 5 != 4 && Oracle.Matches(filter, payloads[i]))
                .OrderByDescending(i => 1f + (i % 3)).ThenBy(i => i).Take(k).Select(i => $"d{i}").ToList();
            var actual = index.Search(new SparseVector([1], [1f]), new SearchOptions { K = k, Filter = filter.ToEngine() }).Hits;
            Assert.Equal(expected, actual.Select(h => h.Id).ToList());
        }, iter: 300);
    }

    private static Gen<JsonObject> Payload()
    {
        var scalar = Gen.OneOf<JsonNode?>(
            Gen.Int[0, 3].Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.OneOfConst("x", "y", "xy").Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Const(() => (JsonNode?)null),
            Gen.Const(() => (JsonNode?)JsonValue.Create(1.5)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)));
        var value = Gen.OneOf(scalar, scalar.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())])));
        var item = Gen.Select(value, scalar).Select((x, y) => (JsonNode?)new JsonObject { ["x"] = x?.DeepClone(), ["y"] = y?.DeepClone() });
        var items = Gen.OneOf(item.Array[0, 3].Select(list => (JsonNode?)new JsonArray([.. list])), item);
        var b = Gen.OneOf(value.Select(c => (JsonNode?)new JsonObject { ["c"] = c }), scalar);
        return Gen.Select(Optional(value), Optional(value), Optional(b), Optional(items)).Select((a, tags, bb, it) =>
        {
            var payload = new JsonObject();
            Put(payload, "a", a);
            Put(payload, "tags", tags);
            Put(payload, "b", bb);
            Put(payload, "items", it);
            return payload;
        });
    }

    private static Gen<(bool Present, JsonNode? Value)> Optional(Gen<JsonNode?> value)
        => Gen.Frequency((1, Gen.Const(() => (false, (JsonNode?)null))), (3, value.Select(v => (true, v))));

    private static void Put(JsonObject payload, string key, (bool Present, JsonNode? Value) entry)
    {
        if (entry.Present)
        {
            payload[key] = entry.Value;
        }
    }

    private static Gen<TestFilter> Filter(int depth)
    {
        var path = Gen.OneOfConst(Paths);
        var scalars = Gen.OneOf(
            Gen.Int[0, 3].Select(i => JsonValue.Create(i)),
            Gen.OneOfConst("x", "y", "z").Select(s => JsonValue.Create(s)),
            Gen.Bool.Select(v => JsonValue.Create(v))).Array[1, 3];
        var leaf = Gen.OneOf<TestFilter>(
            Gen.Select(path, scalars).Select((p, v) => (TestFilter)new TestFilter.In(p, v)),
            Gen.Select(path, scalars).Select((p, v) => (TestFilter)new TestFilter.NotIn(p, v)),
            Gen.Select(path, Gen.Int[-1, 3], Gen.Int[0, 4], Gen.Bool).Select((p, lo, hi, inclusive) =>
                (TestFilter)new TestFilter.Between(p, lo < 0 ? null : lo, hi == 4 ? null : hi, inclusive)),
            path.Select(p => (TestFilter)new TestFilter.Empty(p)),
            path.Select(p => (TestFilter)new TestFilter.Null(p)),
            Gen.Select(path, Gen.Int[0, 2], Gen.Int[0, 3]).Select((p, lo, extra) => (TestFilter)new TestFilter.Count(p, lo, lo + extra)),
            Gen.Select(path, Gen.OneOfConst("x", "y", "")).Select((p, t) => (TestFilter)new TestFilter.Text(p, t)),
            Gen.Bool.Select(b => (TestFilter)new TestFilter.Constant(b)));
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Filter(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, inner.Array[1, 3].Select(list => (TestFilter)new TestFilter.All(list))),
            (1, inner.Array[1, 3].Select(list => (TestFilter)new TestFilter.Any(list))),
            (1, Gen.Select(Gen.Int[1, 3], inner.Array[1, 3]).Select((n, list) => (TestFilter)new TestFilter.AtLeast(n, list))),
            (1, inner.Select(f => (TestFilter)new TestFilter.Not(f))),
            (1, Gen.Select(Gen.OneOfConst("x", "y"), scalars).Select((key, v) =>
                (TestFilter)new TestFilter.Nested("items", new TestFilter.In(key, v)))));
    }
}
