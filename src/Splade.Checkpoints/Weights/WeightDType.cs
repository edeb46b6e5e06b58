namespace Splade.Checkpoints.Weights;

/// <summary>The element types a weights file may store; the float ones are read as float32.</summary>
internal enum WeightDType
{
    Float32,
    Float16,
    BFloat16,
    Float64,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
}

/// <summary>Sizes and float32 conversion of <see cref="WeightDType"/>.</summary>
internal static class WeightDTypes
{
    public static int Size(WeightDType type) => type switch
    {
        WeightDType.Float32 or WeightDType.Int32 => 4,
        WeightDType.Float16 or WeightDType.BFloat16 or WeightDType.Int16 => 2,
        WeightDType.Float64 or WeightDType.Int64 => 8,
        _ => 1,
    };

    public static bool IsFloat(WeightDType type) => type is WeightDType.Float32 or WeightDType.Float16 or WeightDType.BFloat16 or WeightDType.Float64;

    /// <summary>Converts little-endian elements to float32.</summary>
    public static void ToFloat32(WeightDType type, ReadOnlySpan<byte> source, Span<float> target)
    {
        switch (type)
        {
            case WeightDType.Float32:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(source).CopyTo(target);
                break;
            case WeightDType.Float16:
                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(source);
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = (float)halves[i];
                }

                break;
            case WeightDType.BFloat16:
                var raw = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(source);
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                }

                break;
            case WeightDType.Float64:
                var doubles = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(source);
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = (float)doubles[i];
                }

                break;
            default:
                throw new InvalidOperationException($"{type} is not a float type.");
        }
    }
}
