using Splade.Encoding.Dense;

namespace Splade.Server.Inference;

/// <summary>A dense sentence-embedding model from <see cref="DenseModelCatalog"/>, loaded on first use.</summary>
internal sealed class DenseTextModel(string name, int dimension, Func<DenseEncoder> load) : IDenseTextModel, IDisposable
{
    private readonly Lazy<DenseEncoder> _encoder = new(load, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name { get; } = name;

    public int Dimension { get; } = dimension;

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _encoder.Value.Encode(texts);
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
