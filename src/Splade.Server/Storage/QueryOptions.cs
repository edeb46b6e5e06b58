namespace Splade.Server.Storage;

/// <summary>What the top level of a query returns beyond the ranked ids.</summary>
/// <param name="Offset">How many of the best results to skip.</param>
/// <param name="Payload">Which payload to return.</param>
/// <param name="Vectors">Which vectors to return.</param>
/// <param name="Explain">Whether to explain each hit (matched terms, per-query scores and ranks).</param>
internal sealed record QueryOptions(int Offset, PayloadSelector Payload, VectorSelector Vectors, bool Explain = false);
