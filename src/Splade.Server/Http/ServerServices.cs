using Splade.Server.Http.Mapping;
using Splade.Server.Inference;
using Splade.Server.Storage;

namespace Splade.Server.Http;

/// <summary>What the endpoints share: the collections, inference, the query mapping and the limits.</summary>
/// <param name="Store">The collections.</param>
/// <param name="Inference">The models and the encoding queue.</param>
/// <param name="Queries">Turns query requests into plans.</param>
/// <param name="Limits">The request limits.</param>
internal sealed record ServerServices(CollectionStore Store, InferenceService Inference, QueryMapping Queries, ServerLimits Limits)
{
    /// <summary>Takes the named collection for the request, or answers 404 / 503.</summary>
    public CollectionLease Collection(string name) => Store.Acquire(name);
}
