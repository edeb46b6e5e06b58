namespace Splade.Server.Model.Service;

/// <summary>The answer of <c>POST /cluster/peer/{silo}/drain</c>: the silo, whether it is draining and how many shard replicas it
/// still holds (0: it can be stopped or removed without any shard losing a replica).</summary>
/// <param name="Silo">The silo's address, as <c>GET /cluster</c> names it.</param>
/// <param name="Draining">Whether no replica is placed on it and its replicas are moving off.</param>
/// <param name="Replicas">Shard replicas it still holds, over every collection.</param>
internal sealed record PeerDrainInfo(string Silo, bool Draining, int Replicas);
