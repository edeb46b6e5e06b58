using System.Text.Json.Nodes;

namespace Splade.Samples.WebApi;

/// <summary>POST /encode: the text, and how many of its heaviest terms to list (20 unless given).</summary>
internal sealed record EncodeRequest(string? Text, int? Top);

/// <summary>A vocabulary term and its weight.</summary>
internal sealed record TermWeight(string Term, float Weight);

/// <summary>The sparse vector and its heaviest terms.</summary>
internal sealed record EncodeResponse(uint[] Indices, float[] Values, IReadOnlyList<TermWeight> Terms);

/// <summary>PUT /documents: one document to encode and store.</summary>
internal sealed record DocumentRequest(string? Id, string? Text, JsonObject? Metadata);

/// <summary>How many documents were written, and how many the index holds.</summary>
internal sealed record UpsertResponse(int Upserted, int Count);

/// <summary>POST /search: the query text and the number of hits (10 unless given).</summary>
internal sealed record SearchRequest(string? Query, int? K);

/// <summary>One hit.</summary>
internal sealed record HitResponse(string Id, float Score, string? Text, JsonObject? Metadata);

/// <summary>The hits, best first.</summary>
internal sealed record SearchResponse(IReadOnlyList<HitResponse> Hits);

/// <summary>GET /stats.</summary>
internal sealed record StatsResponse(int Count);
