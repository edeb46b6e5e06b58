namespace Splade.Checkpoints.Onnx;

/// <summary>The ONNX <c>TensorProto.DataType</c> codes the graph builder and the weight recovery use.</summary>
internal enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Float16 = 10,
    BFloat16 = 16,
}
