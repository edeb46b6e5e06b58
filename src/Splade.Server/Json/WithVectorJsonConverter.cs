using System.Text.Json;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>Reads <c>with_vector</c>: a boolean or a list of vector names.</summary>
internal sealed class WithVectorJsonConverter : InputOnlyJsonConverter<WithVector>
{
    protected override WithVector Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => new WithVector(element.GetBoolean() ? VectorSelector.Everything : VectorSelector.None),
        JsonValueKind.Array => new WithVector(new VectorSelector(false, WithPayloadJsonConverter.Strings(element, string.Empty))),
        _ => throw JsonInput.Error(string.Empty, $"expected a boolean or a list of vector names, got {JsonInput.Describe(element)}"),
    };
}
