using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>One hit of a cluster search.</summary>
internal sealed record ClusterHit(PointId Id, float Score, JsonObject? Payload);
