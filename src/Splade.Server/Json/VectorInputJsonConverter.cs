using System.Text.Json;
using Splade.Server.Model.Points;

namespace Splade.Server.Json;

/// <summary>Reads one vector: a dense array, a sparse vector, a document, or (in queries) a point id.</summary>
internal sealed class VectorInputJsonConverter : InputOnlyJsonConverter<VectorInput>
{
    protected override VectorInput Read(JsonElement element) => ReadVector(element, string.Empty);

    public static VectorInput ReadVector(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                if (element.GetArrayLength() > 0 && element[0].ValueKind == JsonValueKind.Array)
                {
                    throw new RequestFormatException("multi-vectors (arrays of arrays) are not supported by Splade.NET", unsupported: true);
                }

                return new VectorInput { Dense = JsonInput.ReadFloats(element, where) };
            case JsonValueKind.Number or JsonValueKind.String:
                return new VectorInput { Id = JsonInput.ReadPointId(element, where) };
            case JsonValueKind.Object when JsonInput.IsSparse(element):
                return new VectorInput { Sparse = JsonInput.ReadSparse(element, where) };
            case JsonValueKind.Object when JsonInput.IsDocument(element) || element.TryGetProperty("model", out _):
                return new VectorInput { Document = JsonInput.ReadDocument(element, where) };
            case JsonValueKind.Object when element.TryGetProperty("image", out _) || element.TryGetProperty("object", out _):
                throw new RequestFormatException("image and object inference are not supported by Splade.NET (only text documents)", unsupported: true);
            default:
                throw JsonInput.Error(where,
                    "expected a vector (an array of numbers, a sparse vector {\"indices\", \"values\"} or a document {\"text\", \"model\"}), got "
                    + JsonInput.Describe(element));
        }
    }
}
