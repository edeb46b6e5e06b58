using System.Text.Json.Serialization;

namespace Splade.Cli.Output;

/// <summary>What <c>splade demo --json</c> prints: each method's quality and speed on the collection and its top hits for the query.</summary>
internal sealed record DemoOutput(string Collection, string Query, IReadOnlyList<DemoMethodOutput> Methods);

/// <summary>One method of <see cref="DemoOutput"/>.</summary>
internal sealed record DemoMethodOutput(
    string Method,
    [property: JsonPropertyName("ndcg@10")] double NdcgAt10,
    [property: JsonPropertyName("recall@100")] double RecallAt100,
    [property: JsonPropertyName("mrr@10")] double MrrAt10,
    double IndexSeconds,
    double SearchMsP50,
    IReadOnlyList<DemoHit> Hits);

/// <summary>One hit of a demo method.</summary>
internal sealed record DemoHit(string Id, double Score, string Text);
