using System.Runtime.InteropServices;

namespace Splade.Checkpoints.Onnx;

/// <summary>A named constant tensor of a graph (an initializer or a <c>Constant</c> node's value): raw little-endian data.</summary>
internal sealed class OnnxTensor
{
    public OnnxTensor(string name, OnnxDataType dataType, long[] dims, byte[] raw)
    {
        Name = name;
        DataType = dataType;
        Dims = dims;
        Raw = raw;
    }

    public string Name { get; }

    public OnnxDataType DataType { get; }

    public long[] Dims { get; }

    public byte[] Raw { get; }

    public long ElementCount
    {
        get
        {
            var count = 1L;
            foreach (var dim in Dims)
            {
                count *= dim;
            }

            return count;
        }
    }

    public static OnnxTensor Floats(string name, ReadOnlySpan<float> values, params long[] dims)
        => new(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(values).ToArray());

    public static OnnxTensor Int64s(string name, ReadOnlySpan<long> values, params long[] dims)
        => new(name, OnnxDataType.Int64, dims, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>The data as float32 (float32, float16 and bfloat16 tensors).</summary>
    public float[] ToFloats()
    {
        switch (DataType)
        {
            case OnnxDataType.Float:
                return MemoryMarshal.Cast<byte, float>(Raw).ToArray();
            case OnnxDataType.Float16:
                {
                    var halves = MemoryMarshal.Cast<byte, Half>(Raw);
                    var result = new float[halves.Length];
                    for (var i = 0; i < halves.Length; i++)
                    {
                        result[i] = (float)halves[i];
                    }

                    return result;
                }

            default:
                throw new InvalidOperationException($"Tensor {Name} of type {DataType} cannot be read as float32.");
        }
    }
}
