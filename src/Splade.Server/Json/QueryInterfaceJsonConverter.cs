using System.Text.Json;
using Splade.Server.Model.Queries;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>Reads a Query API <c>query</c>: a bare vector, <c>{"nearest": ...}</c>, <c>{"fusion": ...}</c> or <c>{"rrf": ...}</c>.</summary>
internal sealed class QueryInterfaceJsonConverter : InputOnlyJsonConverter<QueryInterface>
{
    private static readonly string[] Unsupported = ["recommend", "discover", "context", "order_by", "formula", "sample", "relevance_feedback", "mmr"];

    protected override QueryInterface Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || JsonInput.IsSparse(element) || JsonInput.IsDocument(element) || element.TryGetProperty("model", out _))
        {
            return new QueryInterface { Nearest = VectorInputJsonConverter.ReadVector(element, string.Empty) };
        }

        if (element.TryGetProperty("nearest", out var nearest))
        {
            if (element.TryGetProperty("mmr", out var mmr) && mmr.ValueKind != JsonValueKind.Null)
            {
                throw new RequestFormatException("MMR re-ranking (nearest.mmr) is not supported by Splade.NET", unsupported: true);
            }

            return new QueryInterface { Nearest = VectorInputJsonConverter.ReadVector(nearest, "nearest") };
        }

        if (element.TryGetProperty("fusion", out var fusion))
        {
            return fusion.ValueKind == JsonValueKind.String && fusion.GetString() is "rrf" or "dbsf"
                ? new QueryInterface { Fusion = fusion.GetString() == "rrf" ? FusionMethod.Rrf : FusionMethod.Dbsf }
                : throw JsonInput.Error("fusion", $"expected \"rrf\" or \"dbsf\", got {JsonInput.Describe(fusion)}");
        }

        if (element.TryGetProperty("rrf", out var rrf))
        {
            return ReadRrf(rrf);
        }

        foreach (var name in Unsupported)
        {
            if (element.TryGetProperty(name, out _))
            {
                throw new RequestFormatException($"the `{name}` query is not supported by Splade.NET (nearest, fusion and rrf are)", unsupported: true);
            }
        }

        throw JsonInput.Error(
            string.Empty,
            "expected a query: a vector, a document, a point id, {\"nearest\": ...}, {\"fusion\": \"rrf\" | \"dbsf\"} or {\"rrf\": {...}}");
    }

    private static QueryInterface ReadRrf(JsonElement rrf)
    {
        if (rrf.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error("rrf", $"expected an object with \"k\" and \"weights\", got {JsonInput.Describe(rrf)}");
        }

        int? k = null;
        if (rrf.TryGetProperty("k", out var kValue) && kValue.ValueKind != JsonValueKind.Null)
        {
            k = kValue.ValueKind == JsonValueKind.Number && kValue.TryGetInt32(out var parsed) && parsed >= 1
                ? parsed
                : throw JsonInput.Error("rrf.k", $"expected an integer of at least 1, got {JsonInput.Describe(kValue)}");
        }

        float[]? weights = null;
        if (rrf.TryGetProperty("weights", out var weightsValue) && weightsValue.ValueKind != JsonValueKind.Null)
        {
            weights = JsonInput.ReadFloats(weightsValue, "rrf.weights");
        }

        return new QueryInterface { Fusion = FusionMethod.Rrf, RrfK = k, RrfWeights = weights };
    }
}
