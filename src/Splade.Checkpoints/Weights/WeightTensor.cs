namespace Splade.Checkpoints.Weights;

/// <summary>A tensor of a checkpoint: where it is, its element type and shape, and how to read it as float32.</summary>
internal sealed class WeightTensor
{
    private readonly Func<float[]> _load;

    public WeightTensor(string name, WeightDType dtype, long[] shape, string file, Func<float[]> load)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        File = file;
        _load = load;
    }

    public string Name { get; }

    public WeightDType DType { get; }

    public long[] Shape { get; }

    /// <summary>The file that holds it.</summary>
    public string File { get; }

    public long ElementCount
    {
        get
        {
            var count = 1L;
            foreach (var dim in Shape)
            {
                count *= dim;
            }

            return count;
        }
    }

    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    /// <summary>Reads the data as float32 (row-major).</summary>
    /// <exception cref="CheckpointException">The tensor is not of a float type, or its data cannot be read.</exception>
    public float[] Load()
    {
        if (!WeightDTypes.IsFloat(DType))
        {
            throw new CheckpointException($"{File}: tensor {Name} is {DType}, not a float type.") { FilePath = File };
        }

        return _load();
    }
}
