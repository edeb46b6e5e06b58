using System.Text.Json.Nodes;
using Splade.Index;
using Splade.Server.Model.Filters;

namespace Splade.Server.Storage;

internal sealed partial class Collection
{
    /// <summary>The points with the given ids that exist, in the order asked (Qdrant's retrieve; missing ids are left out).</summary>
    public IReadOnlyList<PointRecord> Retrieve(IReadOnlyList<PointId> ids, PayloadSelector payload, VectorSelector vectors)
    {
        var records = new List<PointRecord>(ids.Count);
        var seen = new HashSet<PointId>();
        foreach (var id in ids)
        {
            if (seen.Add(id) && Read(id, payload, vectors) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>One point, or null.</summary>
    public PointRecord? Read(PointId id, PayloadSelector payload, VectorSelector vectors)
    {
        var metadata = _points.Get(id.ToEngineId())?.Metadata;
        return metadata is null ? null : ToRecord(id, metadata, payload, vectors);
    }

    /// <summary>Points in id order from <paramref name="offset"/> (inclusive) that match <paramref name="filter"/>, at most
    /// <paramref name="limit"/>, and where the next page starts.</summary>
    public ScrollPage Scroll(Filter? filter, PointId? offset, int limit, PayloadSelector payload, VectorSelector vectors)
    {
        var compiled = FilterTranslator.Translate(filter, _config);
        var ids = _ids;
        var first = offset is { } start ? ids.IndexOf(start) : 0;
        var page = new List<PointRecord>(Math.Min(limit, 1024));
        for (var position = first < 0 ? ~first : first; position < ids.Count; position++)
        {
            var id = ids[position];
            var metadata = _points.Get(id.ToEngineId())?.Metadata;
            if (metadata is null || (compiled is not null && !compiled.Matches(metadata)))
            {
                continue;
            }

            if (page.Count == limit)
            {
                return new ScrollPage(page, id);
            }

            page.Add(ToRecord(id, metadata, payload, vectors));
        }

        return new ScrollPage(page, null);
    }

    /// <summary>The number of points <paramref name="filter"/> matches (all of them without one).</summary>
    public long CountPoints(Filter? filter)
    {
        var compiled = FilterTranslator.Translate(filter, _config);
        if (compiled is null)
        {
            return Count;
        }

        long count = 0;
        foreach (var id in _ids)
        {
            if (compiled.Matches(_points.Get(id.ToEngineId())?.Metadata))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>How many points have a value for <paramref name="field"/> (a payload index's point count).</summary>
    public long CountWithField(string field)
    {
        var filter = FilterTranslator.Translate(
            new Filter { MustNot = [new IsEmptyCondition(field)] },
            _config with { PayloadIndexes = new Dictionary<string, JsonNode>() });
        long count = 0;
        foreach (var id in _ids)
        {
            if (filter!.Matches(_points.Get(id.ToEngineId())?.Metadata))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The stored vector <paramref name="name"/> of a point, or null when it has none.</summary>
    private VectorValue? ReadVector(string name, string engineId)
    {
        if (_vectors[name].Get(engineId) is not { } document)
        {
            return null;
        }

        var value = _config.FindDense(name) is not null ? VectorValue.FromDense(document.Dense ?? []) : VectorValue.FromSparse(document.Vector);
        return value with { SourceText = document.Text };
    }

    private PointRecord ToRecord(PointId id, JsonObject metadata, PayloadSelector payload, VectorSelector vectors)
    {
        Dictionary<string, VectorValue>? selected = null;
        if (vectors.Any)
        {
            selected = new Dictionary<string, VectorValue>(StringComparer.Ordinal);
            var engineId = id.ToEngineId();
            foreach (var name in PointEnvelope.Vectors(metadata))
            {
                if (vectors.Wants(name) && _vectors.ContainsKey(name) && ReadVector(name, engineId) is { } value)
                {
                    selected[name] = value;
                }
            }
        }

        return new PointRecord(id, PointEnvelope.Version(metadata), payload.Apply(PointEnvelope.Payload(metadata)), selected);
    }

    /// <summary>The engine index of a named vector (for searches).</summary>
    private SparseIndex VectorIndex(string name)
        => _vectors.TryGetValue(name, out var index)
            ? index
            : throw StoreException.BadInput($"Wrong input: Not existing vector name error: {DisplayName(name)}");
}
