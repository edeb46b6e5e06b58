using Splade.Encoding;
using Splade.Models.Dense;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>The models requests may name (case-insensitively): <c>splade</c> and the shipped model's own name, configured SPLADE
/// folders under their names, <c>bm25</c> (also <c>qdrant/bm25</c>), and the dense models of <see cref="DenseModels"/> under
/// their short names, own names and aliases.
/// Models load on first use.</summary>
internal sealed class ModelRegistry : IDisposable
{
    /// <summary>The name that always means the server's default SPLADE model.</summary>
    public const string DefaultSplade = "splade";

    private readonly Dictionary<string, ITextModel> _models = new(StringComparer.OrdinalIgnoreCase);

    public ModelRegistry(IReadOnlyDictionary<string, string> spladeFolders)
    {
        var shipped = new SpladeTextModel(ModelLocator.DefaultModelName, () => SpladeEncoder.LoadDefault());
        _models[DefaultSplade] = shipped;
        _models[shipped.Name] = shipped;
        foreach (var (name, folder) in spladeFolders)
        {
            _models[name] = new SpladeTextModel(name, () => SpladeEncoder.Load(folder));
        }

        var bm25 = new Bm25TextModel();
        _models[bm25.Name] = bm25;
        _models["qdrant/bm25"] = bm25;
        foreach (var info in DenseModels.All)
        {
            var model = new DenseTextModel(info);
            foreach (var alias in model.Names)
            {
                _models[alias] = model;
            }
        }
    }

    /// <summary>Every name a request may use.</summary>
    public IEnumerable<string> Names => _models.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="StoreException">No model has that name; the message lists the names.</exception>
    public ITextModel Get(string name)
        => _models.TryGetValue(name, out var model)
            ? model
            : throw StoreException.BadInput($"Bad request: unknown model `{name}`; the server has {string.Join(", ", Names)}.");

    public ISparseTextModel GetSparse(string name)
        => Get(name) as ISparseTextModel ?? throw StoreException.BadInput($"Bad request: model `{name}` produces dense vectors, not sparse ones.");

    public void Dispose()
    {
        foreach (var model in _models.Values.Distinct())
        {
            (model as IDisposable)?.Dispose();
        }
    }
}
