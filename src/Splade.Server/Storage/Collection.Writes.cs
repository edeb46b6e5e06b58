using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index;
using Splade.Server.Model.Filters;

namespace Splade.Server.Storage;

internal sealed partial class Collection
{
    /// <summary>Inserts or replaces points (Qdrant's upsert, with its <c>update_mode</c> and <c>update_filter</c>).</summary>
    /// <returns>The operation number.</returns>
    /// <exception cref="StoreException">A vector is unknown, of the wrong kind or dimension; nothing is written.</exception>
    public Task<long> UpsertAsync(
        IReadOnlyList<PointInput> points, UpdateMode mode = UpdateMode.Upsert, Filter? updateFilter = null, CancellationToken cancellationToken = default)
    {
        // A plain upsert sets whole points whatever they were: its changes do not depend on the collection's state, so it may join a
        // group commit behind other writes (see WriteAsync).
        var stateless = mode == UpdateMode.Upsert && updateFilter is null;
        return WriteAsync(UpsertChanges(points, mode, updateFilter), cancellationToken, stateless);
    }

    /// <summary>An upsert's point changes, resolved against the collection's state when the returned function runs (under the write
    /// gate); the vectors are checked (and Cosine ones normalised) now.</summary>
    /// <exception cref="StoreException">A vector is unknown, of the wrong kind or dimension.</exception>
    internal Func<List<PointChange>> UpsertChanges(IReadOnlyList<PointInput> points, UpdateMode mode, Filter? updateFilter)
    {
        var prepared = Deduplicate(points.Select(point => point with { Vectors = PrepareVectors(point.Id, point.Vectors) }));
        var stateless = mode == UpdateMode.Upsert && updateFilter is null;
        return () =>
        {
            var matches = CompileOptional(updateFilter);
            var changes = new List<PointChange>(prepared.Count);
            foreach (var point in prepared)
            {
                var exists = stateless || _ids.Contains(point.Id);
                if ((exists && mode == UpdateMode.InsertOnly) || (!exists && mode == UpdateMode.UpdateOnly)
                    || (exists && matches is not null && !matches(point.Id)))
                {
                    continue;
                }

                changes.Add(new PointChange(point.Id)
                {
                    PayloadSet = true,
                    Payload = point.Payload,
                    ReplaceVectors = true,
                    Vectors = point.Vectors.ToDictionary(pair => pair.Key, pair => (VectorValue?)pair.Value, StringComparer.Ordinal),
                });
            }

            return changes;
        };
    }

    /// <summary>Replaces some vectors of existing points, keeping their other vectors and payload.</summary>
    /// <exception cref="StoreException">A point does not exist (nothing is written), or a vector is invalid.</exception>
    public Task<long> UpdateVectorsAsync(IReadOnlyList<PointInput> points, Filter? updateFilter = null, CancellationToken cancellationToken = default)
        => WriteAsync(VectorUpdateChanges(points, updateFilter), cancellationToken);

    /// <summary>A vector update's point changes (resolved when the returned function runs; it throws when a point does not exist).</summary>
    /// <exception cref="StoreException">A vector is invalid.</exception>
    internal Func<List<PointChange>> VectorUpdateChanges(IReadOnlyList<PointInput> points, Filter? updateFilter)
    {
        var prepared = Deduplicate(points.Select(point => point with { Vectors = PrepareVectors(point.Id, point.Vectors) }));
        return () =>
        {
            var matches = CompileOptional(updateFilter);
            var changes = new List<PointChange>(prepared.Count);
            foreach (var point in prepared)
            {
                if (!_ids.Contains(point.Id))
                {
                    throw StoreException.NotFound($"No point with id {point.Id} found");
                }

                if (matches is null || matches(point.Id))
                {
                    changes.Add(new PointChange(point.Id)
                    {
                        Vectors = point.Vectors.ToDictionary(pair => pair.Key, pair => (VectorValue?)pair.Value, StringComparer.Ordinal),
                    });
                }
            }

            return changes;
        };
    }

    /// <summary>Removes named vectors from the selected points.</summary>
    public Task<long> DeleteVectorsAsync(PointSelection selection, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
        => WriteAsync(VectorDeletionChanges(selection, names), cancellationToken);

    /// <summary>The point changes that remove named vectors from the selected points (resolved when the returned function runs).</summary>
    /// <exception cref="StoreException">A vector name is unknown.</exception>
    internal Func<List<PointChange>> VectorDeletionChanges(PointSelection selection, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            RequireVector(name);
        }

        return () => [.. Select(selection).Select(id => new PointChange(id)
        {
            Vectors = names.Distinct(StringComparer.Ordinal).ToDictionary(name => name, _ => (VectorValue?)null, StringComparer.Ordinal),
        })];
    }

    /// <summary>Deletes the selected points; unknown ids are skipped.</summary>
    public Task<long> DeleteAsync(PointSelection selection, CancellationToken cancellationToken = default)
        => WriteAsync(DeletionChanges(selection), cancellationToken);

    /// <summary>The point changes that delete the selected points (resolved when the returned function runs).</summary>
    internal Func<List<PointChange>> DeletionChanges(PointSelection selection) => () => [.. Select(selection).Select(PointChange.Deletion)];

    /// <summary>Sets payload keys of the selected points (<paramref name="overwrite"/>: replaces the whole payload).</summary>
    public Task<long> SetPayloadAsync(PointSelection selection, JsonObject payload, bool overwrite, CancellationToken cancellationToken = default)
        => WriteAsync(PayloadSetChanges(selection, payload, overwrite), cancellationToken);

    /// <summary>The point changes of <see cref="SetPayloadAsync"/> (resolved when the returned function runs).</summary>
    internal Func<List<PointChange>> PayloadSetChanges(PointSelection selection, JsonObject payload, bool overwrite)
        => PayloadChanges(selection, current =>
        {
            if (overwrite || current is null)
            {
                return (JsonObject)payload.DeepClone();
            }

            var merged = (JsonObject)current.DeepClone();
            foreach (var (key, value) in payload)
            {
                merged[key] = value?.DeepClone();
            }

            return merged;
        });

    /// <summary>Removes keys (paths such as <c>a.b</c> or <c>list[].c</c>) from the payload of the selected points.</summary>
    public Task<long> DeletePayloadKeysAsync(PointSelection selection, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
        => WriteAsync(PayloadKeyDeletionChanges(selection, keys), cancellationToken);

    /// <summary>The point changes of <see cref="DeletePayloadKeysAsync"/> (resolved when the returned function runs).</summary>
    internal Func<List<PointChange>> PayloadKeyDeletionChanges(PointSelection selection, IReadOnlyList<string> keys)
        => PayloadChanges(selection, current =>
        {
            if (current is null)
            {
                return null;
            }

            var changed = (JsonObject)current.DeepClone();
            foreach (var key in keys)
            {
                PayloadPaths.Remove(changed, key);
            }

            return changed;
        });

    /// <summary>Removes the whole payload of the selected points.</summary>
    public Task<long> ClearPayloadAsync(PointSelection selection, CancellationToken cancellationToken = default)
        => WriteAsync(PayloadClearChanges(selection), cancellationToken);

    /// <summary>The point changes of <see cref="ClearPayloadAsync"/> (resolved when the returned function runs).</summary>
    internal Func<List<PointChange>> PayloadClearChanges(PointSelection selection) => PayloadChanges(selection, _ => null);

    private Func<List<PointChange>> PayloadChanges(PointSelection selection, Func<JsonObject?, JsonObject?> change)
        => () => [.. Select(selection).Select(id => new PointChange(id)
        {
            PayloadSet = true,
            Payload = change(PointEnvelope.Payload(_points.Get(id.ToEngineId())?.Metadata)),
        })];

    /// <summary>Sets every index to the states <paramref name="changes"/> describe; applying a record twice gives the same result.</summary>
    private void Apply(long operation, List<PointChange> changes)
    {
        var versioned = new List<(long, PointChange)>(changes.Count);
        foreach (var change in changes)
        {
            versioned.Add((operation, change));
        }

        Apply(versioned);
    }

    /// <summary>Sets every index to the states <paramref name="changes"/> describe, each change with the operation number that made
    /// it (its point's version); each point appears at most once.</summary>
    private void Apply(List<(long Operation, PointChange Change)> changes)
    {
        var config = _config;
        var pointDocuments = new List<IndexDocument>();
        var pointDeletes = new List<string>();
        var documents = config.VectorNames.ToDictionary(name => name, _ => new List<IndexDocument>(), StringComparer.Ordinal);
        var deletes = config.VectorNames.ToDictionary(name => name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (operation, change) in changes)
        {
            var id = change.Id.ToEngineId();
            if (change.Delete)
            {
                pointDeletes.Add(id);
                foreach (var list in deletes.Values)
                {
                    list.Add(id);
                }

                continue;
            }

            var payload = change.PayloadSet ? change.Payload : PointEnvelope.Payload(_points.Get(id)?.Metadata);
            var present = new List<(string Name, VectorValue Value)>();
            foreach (var name in config.VectorNames)
            {
                if (change.Vectors.TryGetValue(name, out var value))
                {
                    if (value is not null)
                    {
                        present.Add((name, value));
                    }
                }
                else if (!change.ReplaceVectors && ReadVector(name, id) is { } current)
                {
                    present.Add((name, current));
                }
            }

            var envelope = PointEnvelope.Build(change.Id, operation, present.Select(p => p.Name), payload);
            pointDocuments.Add(new IndexDocument(id, SparseVector.Empty) { Metadata = envelope });
            foreach (var name in config.VectorNames)
            {
                var index = present.FindIndex(p => p.Name == name);
                if (index < 0)
                {
                    deletes[name].Add(id);
                    continue;
                }

                var value = present[index].Value;
                documents[name].Add(new IndexDocument(id, value.Sparse ?? SparseVector.Empty)
                {
                    Dense = value.Dense,
                    Metadata = envelope,
                    Text = value.SourceText,
                });
            }
        }

        _points.Delete(pointDeletes);
        _points.Upsert(pointDocuments);
        foreach (var name in config.VectorNames)
        {
            _vectors[name].Delete(deletes[name]);
            _vectors[name].Upsert(documents[name]);
        }

        var ids = _ids.ToBuilder();
        foreach (var (_, change) in changes)
        {
            if (change.Delete)
            {
                ids.Remove(change.Id);
            }
            else
            {
                ids.Add(change.Id);
            }
        }

        _ids = ids.ToImmutable();
    }

    /// <summary>Checks vectors against the collection's configuration and normalises Cosine vectors.</summary>
    private Dictionary<string, VectorValue> PrepareVectors(PointId id, IReadOnlyDictionary<string, VectorValue> vectors)
    {
        var prepared = new Dictionary<string, VectorValue>(vectors.Count, StringComparer.Ordinal);
        foreach (var (name, value) in vectors)
        {
            prepared[name] = PrepareVector(name, value, $"point {id}");
        }

        return prepared;
    }

    /// <summary>Checks one vector (of a point or a query) against the named vector's configuration; Cosine vectors are normalised.</summary>
    public VectorValue PrepareVector(string name, VectorValue value, string where) => PrepareVector(_config, name, value, where);

    /// <summary>Checks one vector against a collection configuration (a cluster validates a whole batch before routing it to
    /// shards); Cosine vectors are normalised.</summary>
    public static VectorValue PrepareVector(CollectionConfig config, string name, VectorValue value, string where)
    {
        if (config.FindDense(name) is { } dense)
        {
            if (value.Dense is not { } values)
            {
                throw StoreException.BadInput($"Wrong input: {where}: vector `{DisplayName(name)}` is dense, but a sparse vector was given.");
            }

            if (values.Length != dense.Size)
            {
                throw StoreException.BadInput(
                    $"Wrong input: Vector dimension error: expected dim: {dense.Size}, got {values.Length} ({where}, vector `{DisplayName(name)}`).");
            }

            return dense.Distance == Distance.Cosine ? value with { Dense = Normalized(values) } : value;
        }

        if (config.FindSparse(name) is not null)
        {
            return value.Sparse is not null
                ? value
                : throw StoreException.BadInput($"Wrong input: {where}: vector `{DisplayName(name)}` is sparse, but a dense vector was given.");
        }

        throw StoreException.BadInput($"Wrong input: Not existing vector name error: {DisplayName(name)} ({where}).");
    }

    private static float[] Normalized(float[] values)
    {
        var norm = TensorPrimitives.Norm(values);
        if (norm == 0f || !float.IsFinite(norm))
        {
            return values;
        }

        var normalized = new float[values.Length];
        TensorPrimitives.Divide(values, norm, normalized);
        return normalized;
    }

    private void RequireVector(string name)
    {
        if (!_config.HasVector(name))
        {
            throw StoreException.BadInput($"Wrong input: Not existing vector name error: {DisplayName(name)}");
        }
    }

    internal static string DisplayName(string name) => name.Length == 0 ? "(the default vector)" : name;

    /// <summary>The last write of each id wins within one request, as when Qdrant applies a batch in order.</summary>
    private static List<PointInput> Deduplicate(IEnumerable<PointInput> points)
    {
        var last = new Dictionary<PointId, int>();
        var list = points.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            last[list[i].Id] = i;
        }

        return last.Count == list.Count ? list : [.. list.Where((point, i) => last[point.Id] == i)];
    }

    private IEnumerable<PointId> Select(PointSelection selection)
    {
        if (selection.Ids is { } ids)
        {
            var seen = new HashSet<PointId>();
            foreach (var id in ids)
            {
                if (_ids.Contains(id) && seen.Add(id))
                {
                    yield return id;
                }
            }

            yield break;
        }

        var filter = FilterTranslator.Translate(selection.Filter, _config);
        foreach (var id in _ids)
        {
            if (filter is null || filter.Matches(_points.Get(id.ToEngineId())?.Metadata))
            {
                yield return id;
            }
        }
    }

    private Func<PointId, bool>? CompileOptional(Filter? filter)
    {
        if (FilterTranslator.Translate(filter, _config) is not { } compiled)
        {
            return null;
        }

        return id => compiled.Matches(_points.Get(id.ToEngineId())?.Metadata);
    }
}
