namespace Splade.Server.Model.Service;

/// <summary>The answer of <c>GET /</c>, in Qdrant's shape: <c>version</c> is the version of Qdrant's REST API that Splade.NET
/// follows (its clients compare it with their own), <c>splade_version</c> Splade.NET's own.</summary>
/// <param name="Title">The server's name.</param>
/// <param name="Version">The Qdrant API version followed.</param>
/// <param name="SpladeVersion">Splade.NET's version.</param>
internal sealed record VersionInfo(string Title, string Version, string SpladeVersion);
