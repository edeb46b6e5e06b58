using Splade.Encoding.Dense;
using Splade.Models.Dense;

namespace Splade.Server.Inference;

/// <summary>A dense sentence-embedding model of <see cref="DenseModels"/>, loaded on first use; queries get the model's query prefix.</summary>
internal sealed class DenseTextModel(DenseModelInfo model) : IDenseTextModel, IDisposable
{
    private readonly Lazy<DenseEncoder> _encoder = new(() => DenseModels.Load(model), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name => model.Name;

    public int Dimension => model.Dimension;

    /// <summary>Every name requests may use for it: its short name, its own name and its aliases.</summary>
    public IEnumerable<string> Names => [model.Name, model.ModelName, model.HuggingFaceId, .. model.Aliases];

    public float[][] Encode(IReadOnlyList<string> texts, bool query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return query ? _encoder.Value.EncodeQueries(texts) : _encoder.Value.Encode(texts);
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
