namespace Splade.Checkpoints.Onnx;

/// <summary>A node attribute: one int, float, string, tensor, or a list of ints.</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, string? Text = null, long[]? Ints = null, OnnxTensor? Tensor = null)
{
    // AttributeProto.AttributeType codes.
    public int TypeCode => Int is not null ? 2 : Float is not null ? 1 : Text is not null ? 3 : Tensor is not null ? 4 : 7;

    public static implicit operator OnnxAttribute((string Name, long Value) pair) => new(pair.Name, Int: pair.Value);

    public static implicit operator OnnxAttribute((string Name, float Value) pair) => new(pair.Name, Float: pair.Value);

    public static implicit operator OnnxAttribute((string Name, long[] Values) pair) => new(pair.Name, Ints: pair.Values);
}
