namespace Splade.Checkpoints.Onnx;

/// <summary>One operator of a graph.</summary>
internal sealed record OnnxNode(string Name, string OpType, string Domain, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);
