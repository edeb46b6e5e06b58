namespace Splade.Server.Model.Collections;

/// <summary>The answer of <c>GET /collections</c>.</summary>
/// <param name="Collections">The collections, by name.</param>
internal sealed record CollectionsResponse(IReadOnlyList<CollectionDescription> Collections);

/// <summary>One collection of the list.</summary>
/// <param name="Name">Its name.</param>
internal sealed record CollectionDescription(string Name);

/// <summary>The answer of <c>GET /collections/{name}/exists</c>.</summary>
/// <param name="Exists">Whether it exists.</param>
internal sealed record CollectionExistence(bool Exists);
