using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Server.Http.Mapping;

/// <summary>Between a sparse vector's <c>index.approximate</c> (a Splade.NET extension of Qdrant's sparse index parameters) and
/// its <see cref="ApproximateConfig"/>; also reads the knobs of a search's <c>params.approximate</c>. Every field is checked and a
/// bad one refused with 400 naming it.</summary>
internal static class ApproximateMapping
{
    /// <summary>The field of a sparse vector's <c>index</c> that asks for an approximate index.</summary>
    public const string Field = "approximate";

    private static readonly string[] BuildKnobs =
        ["postings_per_term", "block_size", "summary_energy", "max_summary_terms", "clustering_terms", "seed"];

    private static readonly string[] SearchKnobs = ["query_terms", "heap_factor"];

    /// <summary>The approximate index <paramref name="index"/> asks for (<c>true</c>: the defaults; an object: the defaults with
    /// the knobs it gives), or null for none (absent, null or <c>false</c>).</summary>
    public static ApproximateConfig? ToConfig(string vector, JsonObject? index)
    {
        var path = $"sparse_vectors.{vector}.index.{Field}";
        switch (index?[Field])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>() ? new ApproximateConfig() : null;
            case JsonObject knobs:
                CheckFields(knobs, path, [.. BuildKnobs, .. SearchKnobs]);
                var defaults = new ApproximateConfig();
                return new ApproximateConfig
                {
                    PostingsPerTerm = PositiveInt(knobs, path, "postings_per_term") ?? defaults.PostingsPerTerm,
                    BlockSize = PositiveInt(knobs, path, "block_size") ?? defaults.BlockSize,
                    SummaryEnergy = Energy(knobs, path) ?? defaults.SummaryEnergy,
                    MaxSummaryTerms = PositiveInt(knobs, path, "max_summary_terms") ?? defaults.MaxSummaryTerms,
                    ClusteringTerms = PositiveInt(knobs, path, "clustering_terms") ?? defaults.ClusteringTerms,
                    Seed = Int(knobs, path, "seed") ?? defaults.Seed,
                    QueryTerms = PositiveInt(knobs, path, "query_terms") ?? defaults.QueryTerms,
                    HeapFactor = HeapFactor(knobs, path) ?? defaults.HeapFactor,
                };
            default:
                throw Error(path, "must be true, false or an object of approximate index knobs");
        }
    }

    /// <summary>The sparse index parameters as stored: what was given, without <c>approximate</c> (kept apart, in
    /// <see cref="SparseVectorConfig.Approximate"/>); null when nothing else is left.</summary>
    public static JsonObject? WithoutApproximate(JsonObject? index)
    {
        if (index is null || !index.ContainsKey(Field))
        {
            return index;
        }

        var rest = (JsonObject)index.DeepClone();
        rest.Remove(Field);
        return rest.Count == 0 ? null : rest;
    }

    /// <summary>Every knob of <paramref name="config"/>, as the collection info reports them.</summary>
    public static JsonObject ToJson(ApproximateConfig config) => new()
    {
        ["postings_per_term"] = config.PostingsPerTerm,
        ["block_size"] = config.BlockSize,
        ["summary_energy"] = config.SummaryEnergy,
        ["max_summary_terms"] = config.MaxSummaryTerms,
        ["clustering_terms"] = config.ClusteringTerms,
        ["seed"] = config.Seed,
        ["query_terms"] = config.QueryTerms,
        ["heap_factor"] = config.HeapFactor,
    };

    /// <summary>A search's own query knobs (<c>params.approximate</c>: <c>query_terms</c>, <c>heap_factor</c>).</summary>
    public static (int? QueryTerms, float? HeapFactor) ToSearchKnobs(JsonNode? node, string path)
    {
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonObject knobs)
        {
            throw Error(path, "must be an object with `query_terms` and/or `heap_factor`");
        }

        CheckFields(knobs, path, SearchKnobs);
        return (PositiveInt(knobs, path, "query_terms"), HeapFactor(knobs, path));
    }

    private static void CheckFields(JsonObject knobs, string path, string[] known)
    {
        foreach (var (key, _) in knobs)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw ApiException.BadRequest($"Format error in JSON body: {path}: unknown field `{key}`, expected one of {string.Join(", ", known)}");
            }
        }
    }

    private static int? PositiveInt(JsonObject knobs, string path, string field)
        => Int(knobs, path, field) is { } value && value < 1 ? throw Error($"{path}.{field}", "must be 1 or more") : Int(knobs, path, field);

    private static int? Int(JsonObject knobs, string path, string field)
    {
        var node = knobs[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number
            : throw Error($"{path}.{field}", "must be an integer (32 bits)");
    }

    private static float? Number(JsonObject knobs, string path, string field)
    {
        var node = knobs[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number)
            && double.IsFinite(number) && Math.Abs(number) <= float.MaxValue
            ? (float)number
            : throw Error($"{path}.{field}", "must be a finite number");
    }

    private static float? Energy(JsonObject knobs, string path)
        => Number(knobs, path, "summary_energy") is { } energy && !(energy > 0f && energy <= 1f)
            ? throw Error($"{path}.summary_energy", string.Create(CultureInfo.InvariantCulture, $"must be above 0 and at most 1, not {energy}"))
            : Number(knobs, path, "summary_energy");

    private static float? HeapFactor(JsonObject knobs, string path)
        => Number(knobs, path, "heap_factor") is { } factor && factor < 0f
            ? throw Error($"{path}.heap_factor", "must be 0 or more")
            : Number(knobs, path, "heap_factor");

    private static ApiException Error(string field, string rule) => ApiException.BadRequest($"Format error in JSON body: {field}: {rule}");
}
