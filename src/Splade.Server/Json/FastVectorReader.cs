using System.Text.Json;
using Splade.Server.Model.Points;

namespace Splade.Server.Json;

/// <summary>Reads the common shapes of a point's vectors (a dense array, or a map of dense arrays and sparse vectors) straight from
/// the reader, without building a document first: the bulk of an upsert's body.</summary>
/// <remarks>Each method answers false at the first thing it does not expect (a document to encode, a wrong type, a number that is
/// not a finite float, an extra field), leaving the caller to read the value again with the full converter, which gives the
/// error or handles the rarer shape; so what is accepted and what each error says are the converters'.</remarks>
internal static class FastVectorReader
{
    /// <summary>Reads a point's <c>vector</c> starting at its first token; on success the reader is on its last token.</summary>
    public static bool TryReadStruct(ref Utf8JsonReader reader, out VectorStruct? vectors)
    {
        vectors = null;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            if (!TryReadFloats(ref reader, out var values))
            {
                return false;
            }

            vectors = new VectorStruct { Default = new VectorInput { Dense = values } };
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var named = new Dictionary<string, VectorInput>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (name is "indices" or "values" or "text" or "model" || !reader.Read() || !TryReadVector(ref reader, out var vector))
            {
                // A sparse vector or a document for the default vector, or anything unexpected: the full converter decides.
                return false;
            }

            named[name] = vector!;
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return false;
        }

        vectors = new VectorStruct { Named = named };
        return true;
    }

    private static bool TryReadVector(ref Utf8JsonReader reader, out VectorInput? vector)
    {
        vector = null;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            if (!TryReadFloats(ref reader, out var dense))
            {
                return false;
            }

            vector = new VectorInput { Dense = dense };
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        uint[]? indices = null;
        float[]? values = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("indices"u8) && indices is null)
            {
                if (!reader.Read() || !TryReadIndices(ref reader, out indices))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("values"u8) && values is null)
            {
                if (!reader.Read() || !TryReadFloats(ref reader, out values))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || indices is null || values is null)
        {
            return false;
        }

        vector = new VectorInput { Sparse = new SparseVectorInput(indices, values) };
        return true;
    }

    private static bool TryReadFloats(ref Utf8JsonReader reader, out float[] values)
    {
        values = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var read = new List<float>(64);
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetDouble(out var number) || !float.IsFinite((float)number))
            {
                return false;
            }

            read.Add((float)number);
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            return false;
        }

        values = [.. read];
        return true;
    }

    private static bool TryReadIndices(ref Utf8JsonReader reader, out uint[] indices)
    {
        indices = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var read = new List<uint>(128);
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetUInt32(out var index))
            {
                return false;
            }

            read.Add(index);
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            return false;
        }

        indices = [.. read];
        return true;
    }
}
