using Splade.Index.Approximate;

namespace Splade.Bench.Approximate;

internal sealed record EngineReport(
    string Algorithm,
    double P50Ms,
    double P99Ms,
    double MeanMs,
    double Qps2Threads,
    double BuildSeconds,
    long ManagedBytesEstimate);

internal sealed record MemoryReport(
    long ForwardIndexBytes,
    long ApproximateIndexBytes,
    double TotalOverForward,
    long PostingsKept,
    long PostingsTotal,
    int Blocks,
    long SummaryEntries);

internal sealed record PointReport(
    int QueryTerms,
    float HeapFactor,
    double RecallAt10,
    double P50Ms,
    double P99Ms,
    double MeanMs,
    double Qps2Threads,
    double ExactP50Ms,
    double SpeedupP50,
    double SpeedupMean,
    double SpeedupQps,
    double? TunedOnSampleRecall);

internal sealed record SizeReport(
    int Documents,
    double MeanDocumentNnz,
    double MeanQueryNnz,
    double GenerateSeconds,
    double ExactMatchesExhaustiveScan,
    EngineReport Exact,
    ApproximateIndexOptions BuildOptions,
    double ApproximateBuildSeconds,
    MemoryReport Memory,
    PointReport Tuned90,
    PointReport Tuned95,
    PointReport Defaults,
    List<PointReport> Sweep);
