using Splade.Server.Catalog;
using Splade.Server.Http.Mapping;
using Splade.Server.Inference;

namespace Splade.Server.Http;

/// <summary>What the endpoints share: the collections, inference, the query mapping and the limits.</summary>
/// <param name="Collections">The collections: a data folder's, or a cluster's.</param>
/// <param name="Inference">The models and the encoding queue.</param>
/// <param name="Queries">Turns query requests into plans.</param>
/// <param name="Limits">The request limits.</param>
internal sealed record ServerServices(ICollectionCatalog Collections, InferenceService Inference, QueryMapping Queries, ServerLimits Limits)
{
    /// <summary>Takes the named collection for the request, or answers 404 / 503.</summary>
    public Task<ICollectionHandle> OpenAsync(string name) => Collections.OpenAsync(name);
}
