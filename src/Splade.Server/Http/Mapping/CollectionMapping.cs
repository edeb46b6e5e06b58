using System.Text.Json.Nodes;
using Splade.Server.Model.Collections;
using Splade.Server.Storage;

namespace Splade.Server.Http.Mapping;

/// <summary>Between the collection requests and answers of the API and the collection layer's configuration.</summary>
internal static class CollectionMapping
{
    private static readonly string[] PayloadTypes = ["keyword", "integer", "float", "geo", "text", "bool", "datetime", "uuid"];

    /// <summary>The configuration a create request asks for; what Splade.NET cannot honour is refused, naming it. Sharding
    /// parameters above 1 are refused unless <paramref name="sharded"/> (a cluster checks them itself).</summary>
    public static CollectionConfig ToConfig(CreateCollectionRequest request, ServerLimits limits, bool sharded = false)
    {
        if (!sharded)
        {
            RequireAtMostOne(request.ShardNumber, "shard_number", "a collection has one shard on a single server");
            RequireAtMostOne(request.ReplicationFactor, "replication_factor", "a single server keeps one replica");
            RequireAtMostOne(request.WriteConsistencyFactor, "write_consistency_factor", "a single server keeps one replica");
        }

        RequireAbsent(request.QuantizationConfig, "quantization_config", "vectors are stored as float32 and searched exactly");
        RequireAbsent(request.ShardingMethod, "sharding_method", "custom sharding needs a cluster");
        RequireAbsent(request.InitFrom, "init_from", "copying another collection at creation");
        RequireAbsent(request.StrictModeConfig, "strict_mode_config", "the server's own limits apply instead (docs/SERVER.md)");
        var dense = new List<DenseVectorConfig>();
        var unnamed = false;
        if (request.Vectors?.Single is { } single)
        {
            dense.Add(ToDense(string.Empty, single, limits));
            unnamed = true;
        }
        else if (request.Vectors?.Named is { } named)
        {
            dense.AddRange(named.Select(pair => ToDense(pair.Key, pair.Value, limits)));
        }

        var sparse = new List<SparseVectorConfig>();
        foreach (var (name, parameters) in request.SparseVectors ?? new Dictionary<string, SparseVectorParamsInput>())
        {
            if (dense.Exists(vector => vector.Name == name))
            {
                throw ApiException.BadRequest($"Wrong input: the name `{name}` is given to a dense and a sparse vector.");
            }

            if (parameters.Index?["datatype"] is JsonValue datatype && datatype.GetValue<string>() != "float32")
            {
                throw ApiException.BadRequest($"Bad request: sparse vector `{name}`: only the float32 datatype is supported.");
            }

            var modifier = parameters.Modifier switch
            {
                null or "none" => SparseModifier.None,
                "idf" => SparseModifier.Idf,
                _ => throw ApiException.BadRequest(
                    $"Format error in JSON body: sparse vector `{name}`: unknown modifier `{parameters.Modifier}`, expected `none` or `idf`"),
            };
            sparse.Add(new SparseVectorConfig(name, modifier, string.Empty)
            {
                Index = ApproximateMapping.WithoutApproximate(parameters.Index),
                Approximate = ApproximateMapping.ToConfig(name, parameters.Index),
            });
        }

        var tuning = new JsonObject();
        AddTuning(tuning, "hnsw_config", request.HnswConfig);
        AddTuning(tuning, "optimizers_config", request.OptimizersConfig);
        AddTuning(tuning, "wal_config", request.WalConfig);
        return new CollectionConfig
        {
            UnnamedDense = unnamed,
            Dense = dense,
            Sparse = sparse,
            Tuning = tuning.Count == 0 ? null : tuning,
            Metadata = request.Metadata,
        };
    }

    /// <summary>The schema a create-index request gives, checked against Qdrant's type names.</summary>
    public static JsonNode ToPayloadSchema(CreateFieldIndexRequest request)
    {
        var schema = request.FieldSchema ?? throw ApiException.BadRequest("Bad request: field_schema is required (a payload type such as keyword or integer).");
        var type = schema switch
        {
            JsonValue value when value.TryGetValue<string>(out var name) => name,
            JsonObject obj when obj["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var name) => name,
            _ => throw ApiException.BadRequest("Format error in JSON body: field_schema is a type name or an object with \"type\""),
        };
        return PayloadTypes.Contains(type, StringComparer.Ordinal)
            ? schema.DeepClone()
            : throw ApiException.BadRequest($"Format error in JSON body: unknown payload type `{type}`, expected one of {string.Join(", ", PayloadTypes)}");
    }

    public static CollectionInfo ToInfo(Collection collection)
    {
        var config = collection.Config;
        var statistics = collection.GetStatistics();
        var tasks = collection.BackgroundTasks;
        return new CollectionInfo
        {
            Status = collection.Failure is not null ? "red" : tasks.Values.Any(task => task.Error is null) ? "yellow" : "green",
            IndexedVectorsCount = statistics.Vectors,
            PointsCount = statistics.Points,
            SegmentsCount = statistics.Segments,
            Config = ToConfigInfo(config),
            PayloadSchema = config.PayloadIndexes.ToDictionary(
                pair => pair.Key,
                pair => new PayloadIndexInfo
                {
                    DataType = FilterTranslator.PayloadIndexType(pair.Value),
                    Params = pair.Value is JsonObject ? pair.Value.DeepClone() : null,
                    Points = collection.CountWithField(pair.Key),
                },
                StringComparer.Ordinal),
            Splade = tasks.Count == 0 && collection.Failure is null ? null : new SpladeCollectionInfo
            {
                BackgroundTasks = tasks.Count == 0 ? null : tasks.ToDictionary(
                    pair => pair.Key,
                    pair => new BackgroundTaskInfo { Done = pair.Value.Done, Total = pair.Value.Total, Error = pair.Value.Error },
                    StringComparer.Ordinal),
                Error = collection.Failure,
            },
        };
    }

    /// <summary>The info of a collection whose files are damaged: red, with the reason.</summary>
    public static CollectionInfo ToBrokenInfo(string reason) => new()
    {
        Status = "red",
        Config = new CollectionConfigInfo
        {
            Params = new CollectionParamsInfo { Vectors = new JsonObject() },
            HnswConfig = DefaultHnsw(),
            OptimizerConfig = DefaultOptimizer(),
            WalConfig = DefaultWal(),
        },
        PayloadSchema = new Dictionary<string, PayloadIndexInfo>(),
        Splade = new SpladeCollectionInfo { Error = reason },
    };

    /// <summary>A configuration in Qdrant's shape (one shard, one replica: a cluster sets its own sharding).</summary>
    public static CollectionConfigInfo ToConfigInfo(CollectionConfig config)
    {
        JsonNode vectors;
        if (config.UnnamedDense && config.Dense.Count == 1)
        {
            vectors = DenseParams(config.Dense[0]);
        }
        else
        {
            var map = new JsonObject();
            foreach (var dense in config.Dense)
            {
                map[dense.Name] = DenseParams(dense);
            }

            vectors = map;
        }

        JsonObject? sparse = null;
        if (config.Sparse.Count > 0)
        {
            sparse = [];
            foreach (var vector in config.Sparse)
            {
                var parameters = new JsonObject();
                if (vector.Index is not null || vector.Approximate is not null)
                {
                    var index = (JsonObject?)vector.Index?.DeepClone() ?? [];
                    if (vector.Approximate is { } approximate)
                    {
                        index[ApproximateMapping.Field] = ApproximateMapping.ToJson(approximate);
                    }

                    parameters["index"] = index;
                }

                if (vector.Modifier == SparseModifier.Idf)
                {
                    parameters["modifier"] = "idf";
                }

                sparse[vector.Name] = parameters;
            }
        }

        return new CollectionConfigInfo
        {
            Params = new CollectionParamsInfo { Vectors = vectors, SparseVectors = sparse },
            HnswConfig = Merge(DefaultHnsw(), config.Tuning?["hnsw_config"]),
            OptimizerConfig = Merge(DefaultOptimizer(), config.Tuning?["optimizers_config"]),
            WalConfig = Merge(DefaultWal(), config.Tuning?["wal_config"]),
            Metadata = config.Metadata,
        };
    }

    private static JsonObject DenseParams(DenseVectorConfig dense)
    {
        var parameters = new JsonObject { ["size"] = dense.Size, ["distance"] = dense.Distance.ToString() };
        foreach (var (key, value) in dense.Extra ?? [])
        {
            parameters[key] = value?.DeepClone();
        }

        return parameters;
    }

    private static DenseVectorConfig ToDense(string name, VectorParamsInput parameters, ServerLimits limits)
    {
        var label = name.Length == 0 ? "the vector" : $"vector `{name}`";
        if (parameters.Size is not long size)
        {
            throw ApiException.BadRequest($"Format error in JSON body: {label}: missing field `size`");
        }

        if (size < 1 || size > limits.MaxDenseSize)
        {
            throw size < 1
                ? ApiException.Validation($"[vectors.size: {label}: size must be at least 1]")
                : ApiException.Limit($"{label} has size {size}; the limit is {limits.MaxDenseSize} (max_dense_size).");
        }

        var distance = parameters.Distance switch
        {
            "Cosine" => Distance.Cosine,
            "Dot" => Distance.Dot,
            "Euclid" or "Manhattan" => throw ApiException.BadRequest(
                $"Bad request: {label}: the {parameters.Distance} distance is not supported by Splade.NET; use Cosine or Dot."),
            null => throw ApiException.BadRequest($"Format error in JSON body: {label}: missing field `distance`"),
            _ => throw ApiException.BadRequest(
                $"Format error in JSON body: {label}: unknown distance `{parameters.Distance}`, expected one of Cosine, Euclid, Dot, Manhattan"),
        };
        RequireAbsent(parameters.QuantizationConfig, "quantization_config", "vectors are stored as float32 and searched exactly");
        RequireAbsent(parameters.MultivectorConfig, "multivector_config", "multi-vectors are not supported");
        if (parameters.Datatype is { } datatype && datatype != "float32")
        {
            throw ApiException.BadRequest($"Bad request: {label}: only the float32 datatype is supported, not {datatype}.");
        }

        var extra = new JsonObject();
        if (parameters.HnswConfig is { } hnsw)
        {
            extra["hnsw_config"] = hnsw.DeepClone();
        }

        if (parameters.OnDisk is bool onDisk)
        {
            extra["on_disk"] = onDisk;
        }

        return new DenseVectorConfig(name, (int)size, distance, string.Empty) { Extra = extra.Count == 0 ? null : extra };
    }

    private static void RequireAtMostOne(long? value, string field, string why)
    {
        if (value is long number && number != 1)
        {
            throw ApiException.BadRequest($"Bad request: {field} {number} is not supported: {why}.");
        }
    }

    private static void RequireAbsent(JsonNode? value, string field, string why)
    {
        if (value is not null)
        {
            throw ApiException.BadRequest($"Bad request: {field} is not supported: {why}.");
        }
    }

    private static void AddTuning(JsonObject tuning, string name, JsonObject? value)
    {
        if (value is not null)
        {
            tuning[name] = value.DeepClone();
        }
    }

    private static JsonObject Merge(JsonObject defaults, JsonNode? given)
    {
        foreach (var (key, value) in given as JsonObject ?? [])
        {
            defaults[key] = value?.DeepClone();
        }

        return defaults;
    }

    private static JsonObject DefaultHnsw() => new()
    {
        ["m"] = 16,
        ["ef_construct"] = 100,
        ["full_scan_threshold"] = 10000,
        ["max_indexing_threads"] = 0,
        ["on_disk"] = false,
    };

    private static JsonObject DefaultOptimizer() => new()
    {
        ["deleted_threshold"] = 0.2,
        ["vacuum_min_vector_number"] = 1000,
        ["default_segment_number"] = 0,
        ["max_segment_size"] = null,
        ["memmap_threshold"] = null,
        ["indexing_threshold"] = 20000,
        ["flush_interval_sec"] = 5,
        ["max_optimization_threads"] = null,
    };

    private static JsonObject DefaultWal() => new() { ["wal_capacity_mb"] = 64, ["wal_segments_ahead"] = 0 };
}
