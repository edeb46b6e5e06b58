using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary><see cref="TermStatistics"/> as they travel between silos.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class WireTermStatistics
{
    [Id(0)]
    public long Documents { get; init; }

    [Id(1)]
    public uint[] Terms { get; init; } = [];

    [Id(2)]
    public long[] Frequencies { get; init; } = [];

    public static WireTermStatistics From(TermStatistics statistics) => new()
    {
        Documents = statistics.Documents,
        Terms = [.. statistics.Terms],
        Frequencies = [.. statistics.Frequencies],
    };

    public TermStatistics ToStatistics() => new(Documents, Terms, Frequencies);
}
