using ScottPlot;

namespace Splade.Cli.Output;

/// <summary>Draws a square similarity matrix as a labelled heatmap PNG.</summary>
internal static class SimilarityHeatmap
{
    /// <remarks>Rows are drawn top to bottom in input order; the left axis carries the texts, the bottom axis their short names.</remarks>
    public static void SavePng(double[,] matrix, string[] labels, string metricName, string path)
    {
        var size = matrix.GetLength(0);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(matrix);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        var positions = new double[size];
        var rowLabels = new string[size];
        var columnLabels = new string[size];
        for (var i = 0; i < size; i++)
        {
            positions[i] = i;
            rowLabels[i] = labels[size - 1 - i];
            columnLabels[i] = $"t{i + 1}";
        }

        plot.Axes.Bottom.SetTicks(positions, columnLabels);
        plot.Axes.Left.SetTicks(positions, rowLabels);
        plot.Title($"SPLADE similarity ({metricName})");
        var pixels = Math.Clamp(200 + (80 * size), 480, 1600);
        plot.SavePng(Path.GetFullPath(path), pixels + 240, pixels);
    }
}
