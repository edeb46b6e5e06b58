using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Splade.Index.Filters;
using Splade.Index.Segments;
using Splade.Index.Segments.Legacy;
using Splade.Index.Storage;

namespace Splade.Index.Tests.Filters;

/// <summary>A filter compiled against a segment's typed metadata answers exactly as the same filter evaluated on each document's
/// JSON (the oracle), for every kind of filter, on random nested documents; whether the typed form was written with the segment
/// or built from the JSON of an older segment.</summary>
public class CompiledFilterTests
{
    private static readonly string[] Paths =
        ["a", "tags", "b", "b.x", "b.y[]", "items", "items[].x", "items[0].x", "items[1]", "tags[]", "\"a.b\"", "x", "y", "missing"];

    private static readonly string[] Texts = ["x", "y", "xy", "", "a.b", "é", "x\u00e9y", "2020-01-02", "2021-06-01T10:00:00+02:00"];

    [Fact]
    public void Compiled_filters_match_the_json_evaluation()
    {
        Gen.Select(Document().Array[1, 16], Filter(3).Array[1, 6]).Sample((documents, filters) =>
        {
            var files = Build(documents);
            var segment = Segment.FromBuilt(1, files);
            var name = SegmentFiles.FileName(1, IndexFileKind.Documents);
            var converted = LegacySegmentFormat.TypeMetadata(
                name, SegmentFormat.ReadDocuments(new ArrayFileData(name, files[IndexFileKind.Documents])), documents.Length);
            foreach (var filter in filters)
            {
                var compiled = filter.Compile(segment.Documents.TypedMetadata);
                var fromJson = filter.Compile(converted);
                for (var d = 0; d < documents.Length; d++)
                {
                    var expected = filter.Matches(segment.Documents.GetMetadata(d));
                    Assert.Equal(expected, compiled.Matches(segment.Documents.TypedMetadata.Root(d)));
                    Assert.Equal(expected, fromJson.Matches(converted.Root(d)));
                }
            }
        }, iter: 600);
    }

    [Fact]
    public void Damaged_typed_sections_are_reported_as_a_corrupt_file()
    {
        var documents = new JsonObject?[] { new() { ["a"] = "x", ["items"] = new JsonArray(1, 2) }, null };
        var files = Build(documents);
        var name = SegmentFiles.FileName(1, IndexFileKind.Documents);
        var part = SegmentFormat.ReadDocuments(new ArrayFileData(name, files[IndexFileKind.Documents])).Typed!;
        var heads = part.Heads.ToArray();
        heads.AsSpan(sizeof(uint), sizeof(uint)).Fill(0xFF);
        var damaged = new TypedMetadata(part with { Heads = heads });
        var error = Assert.Throws<IndexCorruptedException>(() => damaged.Validate(name, documents.Length));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        new TypedMetadata(part).Validate(name, documents.Length);
    }

    private static Dictionary<IndexFileKind, byte[]> Build(JsonObject?[] documents)
    {
        var builder = new SegmentBuilder(DensePrecision.Float32);
        for (var d = 0; d < documents.Length; d++)
        {
            builder.Add(new StoredDocument
            {
                IdUtf8 = Encoding.UTF8.GetBytes($"d{d}"),
                Sequence = d,
                Indices = [1],
                Values = [1f],
                HasMetadata = documents[d] is not null,
                MetadataUtf8 = documents[d] is { } metadata ? Encoding.UTF8.GetBytes(metadata.ToJsonString()) : [],
            });
        }

        return builder.Build();
    }

    private static Gen<JsonObject?> Document()
    {
        var keys = Gen.OneOfConst("a", "tags", "b", "items", "a.b", "x", "y");
        var entry = Gen.Select(keys, Value(2));
        return Gen.Frequency(
            (1, Gen.Const(() => (JsonObject?)null)),
            (8, entry.Array[0, 5].Select(entries =>
            {
                var document = new JsonObject();
                foreach (var (key, value) in entries)
                {
                    document[key] = value?.DeepClone();
                }

                return (JsonObject?)document;
            })));
    }

    private static Gen<JsonNode?> Value(int depth)
    {
        var scalar = Gen.OneOf<JsonNode?>(
            Gen.Int[-1, 3].Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.OneOfConst(1.5, -0.0, 0.25, 1e300, 2.0).Select(v => (JsonNode?)JsonValue.Create(v)),
            Gen.OneOfConst(Texts).Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Const(() => (JsonNode?)null));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = Value(depth - 1);
        var array = inner.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(item => item?.DeepClone())]));
        var obj = Gen.Select(Gen.OneOfConst("x", "y", "a.b"), inner).Array[0, 3].Select(entries =>
        {
            var node = new JsonObject();
            foreach (var (key, value) in entries)
            {
                node[key] = value?.DeepClone();
            }

            return (JsonNode?)node;
        });
        return Gen.Frequency((4, scalar), (2, array), (2, obj));
    }

    private static Gen<MetadataFilter> Filter(int depth)
    {
        var path = Gen.OneOfConst(Paths);
        var scalar = Gen.OneOf(
            Gen.Int[-1, 3].Select(i => JsonValue.Create(i)),
            Gen.OneOfConst(1.5, 0.0, 2.0).Select(v => JsonValue.Create(v)),
            Gen.OneOfConst(Texts).Select(s => JsonValue.Create(s)),
            Gen.Bool.Select(v => JsonValue.Create(v)));
        var bound = Gen.OneOfConst<double?>(null, -1, 0, 1, 1.5, 3);
        var date = Gen.OneOfConst<DateTimeOffset?>(
            null, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var leaf = Gen.OneOf(
            Gen.Select(path, scalar).Select((p, v) => MetadataFilter.Equal(p, v)),
            Gen.Select(path, scalar.Array[1, 3]).Select((p, v) => MetadataFilter.In(p, v)),
            Gen.Select(path, scalar.Array[1, 3]).Select((p, v) => MetadataFilter.NotIn(p, v)),
            Gen.Select(path, bound, bound, Gen.Bool, Gen.Bool).Select((p, lo, hi, a, b) => MetadataFilter.Range(p, lo, hi, a, b)),
            Gen.Select(path, date, date, Gen.Bool, Gen.Bool).Select((p, lo, hi, a, b) => MetadataFilter.DateRange(p, lo, hi, a, b)),
            Gen.Select(path, Gen.OneOfConst(Texts)).Select((p, t) => MetadataFilter.Contains(p, t)),
            Gen.Select(path, Gen.OneOfConst(Texts)).Select((p, t) => MetadataFilter.StartsWith(p, t)),
            path.Select(MetadataFilter.IsEmpty),
            path.Select(MetadataFilter.IsNull),
            Gen.Select(path, Gen.Int[0, 2], Gen.Int[0, 3]).Select((p, lo, extra) => MetadataFilter.ValuesCount(p, lo, lo + extra)),
            Gen.Bool.Select(MetadataFilter.Constant));
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Filter(depth - 1);
        return Gen.Frequency(
            (5, leaf),
            (1, inner.Array[1, 3].Select(MetadataFilter.And)),
            (1, inner.Array[1, 3].Select(MetadataFilter.Or)),
            (1, Gen.Select(Gen.Int[1, 3], inner.Array[1, 3]).Select((n, list) => MetadataFilter.AtLeast(n, list))),
            (1, inner.Select(MetadataFilter.Not)),
            (1, Gen.Select(Gen.OneOfConst("items", "b", "tags"), inner).Select((p, f) => MetadataFilter.Nested(p, f))));
    }
}
