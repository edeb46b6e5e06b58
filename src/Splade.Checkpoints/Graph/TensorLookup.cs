using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Graph;

/// <summary>Fetches the checkpoint's tensors by name with their expected shape, and says exactly what is missing or wrong.</summary>
internal sealed class TensorLookup
{
    private readonly CheckpointWeights _weights;
    private readonly string _architecture;

    public TensorLookup(CheckpointWeights weights, string architecture)
    {
        _weights = weights;
        _architecture = architecture;
    }

    public bool Has(string name) => _weights.TryGet(name, out _) || _weights.TryGet(LegacyName(name), out _);

    /// <summary>The tensor's data, after checking its shape.</summary>
    /// <exception cref="CheckpointException">The tensor is missing or has another shape.</exception>
    public float[] Get(string name, params long[] shape)
    {
        if (!_weights.TryGet(name, out var tensor) && !_weights.TryGet(LegacyName(name), out tensor))
        {
            throw new CheckpointException($"{_weights.Description}: tensor {name} {Shape(shape)} is missing; {_architecture} needs it.")
            {
                FilePath = _weights.Files[0],
            };
        }

        if (!tensor.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new CheckpointException(
                $"{tensor.File}: tensor {name} has shape {tensor.ShapeText} but {_architecture} with this config.json needs {Shape(shape)}.")
            {
                FilePath = tensor.File,
            };
        }

        return tensor.Load();
    }

    /// <summary>Checkpoints saved by old BERT code call LayerNorm's parameters gamma and beta.</summary>
    private static string LegacyName(string name)
        => name.EndsWith("LayerNorm.weight", StringComparison.Ordinal) ? name[..^"weight".Length] + "gamma"
            : name.EndsWith("LayerNorm.bias", StringComparison.Ordinal) ? name[..^"bias".Length] + "beta"
            : name;

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
