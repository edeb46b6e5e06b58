namespace Splade.Checkpoints.Onnx;

/// <summary>A graph input or output: name, element type and shape (a number, or a symbolic name such as <c>batch</c>, per axis).</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, object[] Shape);
