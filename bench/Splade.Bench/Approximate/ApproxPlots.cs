using ScottPlot;

namespace Splade.Bench.Approximate;

/// <summary>Draws recall@10 against one-thread p50 latency (log scale) for the sweep, the tuned points and the exact engine.</summary>
internal static class ApproxPlots
{
    public static void Save(SizeReport report, string path)
    {
        var plot = new Plot();
        var sweep = report.Sweep.OrderBy(point => point.P50Ms).ToList();
        var points = plot.Add.ScatterPoints(sweep.Select(p => Math.Log10(p.P50Ms)).ToArray(), sweep.Select(p => p.RecallAt10).ToArray());
        points.LegendText = "approximate: sweep over query terms x heap factor";
        var tuned = plot.Add.ScatterPoints(
            new[] { Math.Log10(report.Tuned90.P50Ms), Math.Log10(report.Tuned95.P50Ms) },
            new[] { report.Tuned90.RecallAt10, report.Tuned95.RecallAt10 });
        tuned.LegendText = "approximate: tuned for 0.90 and 0.95";
        tuned.MarkerSize = 12;
        var exact = plot.Add.ScatterPoints(new[] { Math.Log10(report.Exact.P50Ms) }, new[] { 1.0 });
        exact.LegendText = $"exact engine ({report.Exact.Algorithm})";
        exact.MarkerSize = 12;
        plot.Title($"{report.Documents:N0} synthetic SPLADE-like documents: recall@10 vs p50 latency (1 thread)");
        plot.XLabel("log10 of p50 latency in ms");
        plot.YLabel("recall@10 against the exact top 10");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 1000, 650);
    }
}
